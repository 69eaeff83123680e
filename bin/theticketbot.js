#!/usr/bin/env -S node --max-semi-space-size=1 --v8-pool-size=1
// A 1 MB young generation and one V8 helper thread keep the resident size low for a mostly
// idle bot; see docs/BENCHMARKS.md. `npm start` passes the same flags.
import { main } from '../dist/cli.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (error) => {
    // main() turns every expected failure into a message and an exit code; this is a bug.
    console.error(error);
    process.exitCode = 70;
  },
);
