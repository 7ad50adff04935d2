/**
 * Styles of the Mix view, installed as a constructable stylesheet (adoptedStyleSheets: CSP does not govern
 * it, so no 'unsafe-inline' is needed) to keep the shared media/inspector.css untouched. Only --vscode-*
 * theme variables, so every theme applies.
 */
const MIX_CSS = `
#mix .mix-controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px 24px; margin: 10px 0; }
#mix .mix-control { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
#mix .mix-control > label { flex-basis: 100%; color: var(--vscode-descriptionForeground); }
#mix .mix-control > input[type="checkbox"] + label, #mix .mix-control > label:has(+ input[type="checkbox"]) { flex-basis: auto; }
#mix input, #mix select {
  font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent)); border-radius: 2px; padding: 2px 4px;
}
#mix input[type="range"] { flex: 1; min-width: 140px; padding: 0; accent-color: var(--vscode-focusBorder); }
#mix input[type="number"] { width: 7em; }
#mix input[type="checkbox"] { accent-color: var(--vscode-focusBorder); }
#mix input:focus, #mix select:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
#mix input:disabled, #mix select:disabled { opacity: 0.5; }
#mix .mix-table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
#mix .mix-table th, #mix .mix-table td { padding: 3px 12px; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); text-align: right; }
#mix .mix-table th[scope="row"], #mix .mix-table thead th:first-child { text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); }
#mix .mix-table thead th { font-weight: 600; }
#mix #mix-slices { display: flex; flex-wrap: wrap; gap: 24px; }
#mix .mix-charts { display: flex; flex-wrap: wrap; gap: 16px; }
#mix figure { margin: 8px 0; }
#mix figcaption { color: var(--vscode-descriptionForeground); margin-bottom: 4px; }
#mix [hidden] { display: none !important; }
`;

let installed = false;

/** Adds the Mix view's stylesheet to the document once. */
export function installMixStyles(): void {
  if (installed) return;
  installed = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(MIX_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
