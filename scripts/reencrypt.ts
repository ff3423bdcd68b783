/**
 * `node dist/scripts/reencrypt.js`: the key rotation, kept for existing runbooks. It is the
 * CLI's `reencrypt` command (src/cli/cli.ts); `npm run reencrypt` runs that command directly.
 */
import { run } from '../src/cli/cli.js';

process.exitCode = await run(['reencrypt', ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
  get stdin() {
    return process.stdin;
  },
  env: process.env,
});
