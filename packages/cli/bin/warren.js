#!/usr/bin/env node
// Thin launcher so the bin exists before the first build; the command lives in dist/.
import { main } from '../dist/main.js';

// `warren list | head` closes the pipe early: stop quietly, as other Unix tools do.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
