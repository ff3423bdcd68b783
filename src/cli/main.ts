#!/usr/bin/env node
/**
 * The `uud` executable (package.json "bin"; `npm run cli -- <args>`): runs the operators' CLI
 * (./cli.ts) with this process's arguments, streams and environment.
 */
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // process.stdin is created on first use: only `--credentials-file -` touches it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
});
