#!/usr/bin/env node
/**
 * Runs a TypeScript entry point (`node scripts/run-ts.mjs demo/demo.ts`) through Vite's module
 * runner: the same transform the tests run under (decorator metadata for type-graphql
 * included), with nothing to compile first and nothing written to disk. For the demo and the
 * examples only; the service itself is built with tsc (`npm run build`).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { createServer, createServerModuleRunner } from 'vite';

const [entry] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs <file.ts>\n');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const vite = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, watch: null, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const runner = createServerModuleRunner(vite.environments.ssr, { hmr: false });
await runner.import(pathToFileURL(resolve(entry)).href);
