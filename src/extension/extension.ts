// Extension entry: registration only; the work lives in src/core (via the worker) and the panel modules.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('diversityLens.inspect', () => {
      void vscode.window.showInformationMessage('Diversity Lens: inspector not built yet.');
    }),
  );
}

export function deactivate(): void {}
