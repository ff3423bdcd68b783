/**
 * The README's start command on a fresh data directory: builds, starts on the embedded store,
 * prints a generated admin key once, answers /healthz and authenticated GraphQL; a restart keeps
 * the key (stored hashed) and does not print it again; a start with nothing changed does not rebuild.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopGroup as stop } from './helpers/processes.js';

const root = new URL('..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'uud-start-'));
const children: ChildProcess[] = [];

function start(cmd: string, args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete env.ADMIN_API_KEY;
  delete env.ENCRYPTION_KEY;
  // Its own process group, so stopping `npm start` also stops the node process it runs.
  const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 90_000);
    const check = () => {
      const m = /listening on (http:\/\/[^/\s]+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

afterAll(async () => {
  await Promise.all(children.map(stop));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts with no set-up, prints the admin key once, and keeps it across restarts', async () => {
    const first = await start('npm', ['start', '--silent']);
    const key = /\n\s+(uud_[A-Za-z0-9_-]{20,})\n/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const gql = (url: string, k: string) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${k}` }, body: JSON.stringify({ query: '{ integrations { slug implemented } }' }) });
    const res = await gql(first.url, key!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { integrations: Array<{ slug: string; implemented: boolean }> } };
    expect(body.data.integrations).toHaveLength(76);
    await stop(first.child);

    // only the hash is stored
    expect(readFileSync(join(dataDir, 'service.sqlite')).toString('latin1')).not.toContain(key!);

    const second = await start('node', ['dist/src/main.js']);
    expect(second.output()).not.toContain('uud_');
    expect((await gql(second.url, key!)).status).toBe(200);
    expect((await gql(second.url, 'uud_not-the-key-000000000000')).status).toBe(401);
    await stop(second.child);

    // A start with nothing changed since the build does not compile again.
    const third = await start('npm', ['start', '--silent']);
    expect(third.output()).toContain('dist/ is up to date');
    expect(third.output()).not.toContain('building dist/');
    await stop(third.child);
  }, 120_000);
});
