/**
 * Counts the page's Content-Security-Policy violations into `<html data-csp-violations>`.
 * Why: both webview pages (the panel, webview/main.ts, and the compare page, webview/compare/main.ts) run under a
 * strict nonce CSP, and the e2e suites read this attribute to prove nothing was blocked (a blocked style or script
 * would otherwise fail silently).
 */

/** Starts the count at 0 and adds one per `securitypolicyviolation` event; call once, first thing on the page. */
export function countCspViolations(): void {
  let violations = 0;
  document.addEventListener('securitypolicyviolation', () => {
    violations++;
    document.documentElement.dataset.cspViolations = String(violations);
  });
  document.documentElement.dataset.cspViolations = '0';
}
