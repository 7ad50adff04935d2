// Extension entry: creates the one context (ctx.ts) and registers, with it, the command table (commands.ts), the
// panel serializer, the editor highlights and the verdict status bar. The analysis runs in a worker (src/worker), the UI in webview/.
import * as vscode from 'vscode';
import { COMMAND_IDS } from './commandIds.ts';
import { createCommands } from './commands.ts';
import { Ctx } from './ctx.ts';
import { EditorHighlights } from './editor/highlights.ts';
import { INSPECTOR_VIEW_TYPE } from './panel/inspectorPanel.ts';
import { InspectorPanelSerializer } from './panel/panelSerializer.ts';
import { VerdictStatusBar } from './editor/verdictStatusBar.ts';

/** Called by VS Code on the first activation event: everything created here is released with `context`. */
export function activate(context: vscode.ExtensionContext): void {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  ctx.register(
    vscode.window.registerWebviewPanelSerializer(
      INSPECTOR_VIEW_TYPE,
      new InspectorPanelSerializer(ctx.panels, ctx.reportPanels),
    ),
  );
  const commands = createCommands(ctx);
  for (const id of COMMAND_IDS) ctx.register(vscode.commands.registerCommand(id, commands[id]));
  ctx.register(new EditorHighlights(ctx.extensionUri, ctx.reports));
  ctx.register(new VerdictStatusBar(ctx));
}

/** Nothing to do: the context is disposed through `context.subscriptions`. */
export function deactivate(): void {}
