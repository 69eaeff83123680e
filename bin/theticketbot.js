#!/usr/bin/env node
import { main } from '../dist/cli.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (error) => {
    // main() turns every expected failure into a message and an exit code; this is a bug.
    console.error(error);
    process.exitCode = 70;
  },
);
