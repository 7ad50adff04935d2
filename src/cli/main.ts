// CLI entry (placeholder until the pipeline lands).
process.stderr.write('diversity-lens: not implemented yet\n');
process.exit(2);
