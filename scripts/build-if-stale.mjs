#!/usr/bin/env node
/**
 * Builds dist/ with tsc (tsconfig.build.json) only when a source is newer than the last build:
 * `npm install` (prepare), `npm start` (prestart) and the scripts that run compiled code call it,
 * so starting the service does not recompile an unchanged tree. `--force` always builds.
 *
 * "Newer" is by modification time against dist/.build-stamp, written after a successful build;
 * the inputs are what tsconfig.build.json compiles (src, scripts, bench) and the configs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');
const force = process.argv.includes('--force');

/** The newest modification time (ms) under `dir`, of files ending in .ts or .json. */
function newest(dir) {
  let max = 0;
  if (!existsSync(dir)) return max;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(p));
    else if (/\.(ts|json)$/.test(entry.name)) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

function stale() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'src', 'main.js'))) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = Math.max(
    ...['src', 'scripts', 'bench'].map((d) => newest(join(root, d))),
    ...['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'].map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)),
  );
  return inputs > built;
}

if (!force && !stale()) {
  process.stdout.write('dist/ is up to date (nothing to build)\n');
  process.exit(0);
}
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  process.stderr.write('TypeScript is not installed: run `npm install` first\n');
  process.exit(1);
}
process.stdout.write('building dist/ (tsc -p tsconfig.build.json)\n');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
