// Preloaded (`node --require`) into a child process by the scale tests: at exit it writes the process's peak
// resident memory (resourceUsage().maxRSS, in KiB; worker threads included, they share the process) to the file
// named by DL_MAXRSS_FILE, so a test can assert that memory stayed flat however large the input.
process.on('exit', () => {
  const out = process.env.DL_MAXRSS_FILE;
  if (out) require('node:fs').writeFileSync(out, String(process.resourceUsage().maxRSS));
});
