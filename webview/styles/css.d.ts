/**
 * Why: esbuild loads every .css file the webview imports as its text (loader "text" in esbuild.mjs), and
 * sheets.ts installs that text as constructable stylesheets; this tells TypeScript what such an import is.
 */
declare module '*.css' {
  const text: string;
  export default text;
}
