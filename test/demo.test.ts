/**
 * The newcomer's commands, run as from a shell: `npm run demo` starts, prints the GraphiQL URL, an
 * API key and the connected accounts, answers a deleteUser against its fake GitHub, and on
 * SIGTERM stops and removes its temporary data directory; `npm run example:gateway` starts the
 * gateway example and answers a query that crosses both subgraphs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { stopGroup } from './helpers/processes.js';

const root = new URL('..', import.meta.url).pathname;
const children: ChildProcess[] = [];

/** `npm run <script>` on free ports, in its own process group; resolves once `ready` is printed. */
function runScript(script: string, ready: RegExp): Promise<{ child: ChildProcess; output: string }> {
  // As from a newcomer's shell, not from the test environment: NODE_ENV=test changes Apollo's
  // signal handling, and TEST_DATABASE_URL (the suite's PostgreSQL run) would move the demo's
  // store from its fresh data directory to PostgreSQL.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  for (const name of Object.keys(env)) if (name === 'NODE_ENV' || name === 'TEST_DATABASE_URL' || name.startsWith('VITEST')) delete env[name];
  const child = spawn('npm', ['run', script, '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run ${script} did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: out });
      }
    });
    child.once('exit', (code) => reject(new Error(`npm run ${script} exited (${code}):\n${out}`)));
  });
}

afterAll(async () => {
  await Promise.all(children.map(stopGroup));
});

async function post(url: string, key: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: unknown };
}

describe('npm run demo', () => {
  it('starts, prints URL, key and accounts, answers deleteUser, and cleans up on SIGTERM', async () => {
    const { child, output } = await runScript('demo', /Ctrl-C stops the demo/);
    const url = /GraphiQL:\s+(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output)?.[1];
    const key = /API key:\s+(demo_[\w-]{20,})/.exec(output)?.[1];
    const dataDir = /Data:\s+(\S+)/.exec(output)?.[1];
    const accounts = Object.fromEntries([...output.matchAll(/^\s+(github|okta|zendesk)\s+([0-9a-f-]{36})\s/gm)].map((m) => [m[1], m[2]]));
    expect(url).toBeDefined();
    expect(key).toBeDefined();
    expect(Object.keys(accounts).sort()).toEqual(['github', 'okta', 'zendesk']);
    expect(existsSync(dataDir!)).toBe(true);

    // The page is there for a browser, without the key.
    expect((await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(200);

    const body = await post(
      `${url}/graphql`,
      key!,
      'mutation($a: ID!) { deleteUser(id: "octocat", integratedAccountId: $a, input: { organizationId: "acme" }) { id username deletionOutcome deletion { calls { method status } } } }',
      { a: accounts.github },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.deleteUser).toMatchObject({ id: 'octocat', username: 'octocat', deletionOutcome: 'REMOVED_FROM_CONTAINER' });
    // membership, profile, the owner lookup of the self-deletion guard (GET /user), the removal
    expect(body.data.deleteUser.deletion.calls.map((c: { method: string; status: number }) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'GET 200', 'GET 200', 'DELETE 204']);

    await stopGroup(child);
    // npm exits first; the demo's node process then closes the service and removes its directory.
    await expect.poll(() => existsSync(dataDir!), { timeout: 15_000 }).toBe(false);
  }, 90_000);
});

describe('npm run example:gateway', () => {
  it('starts the gateway over both subgraphs and answers a query that crosses them', async () => {
    const { child, output } = await runScript('example:gateway', /Ctrl-C stops the example/);
    expect(output).toContain('answered 200');
    const gateway = /gateway:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    const key = /API key:\s+(demo_[\w-]{20,})/.exec(output)?.[1];
    const body = await post(gateway!, key!, '{ employees { name user { id username emails { email } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.employees).toEqual([
      { name: 'Mona (engineering)', user: { id: 'octocat', username: 'octocat', emails: [{ email: 'octocat@github.com' }] } },
      { name: 'Isaac (IT)', user: { id: '00ub0oNGTSWTBKOLGLNR', username: 'isaac.brock@example.com', emails: [{ email: 'isaac.brock@example.com' }, { email: 'isaac@example.org' }] } },
      { name: 'Johnny (support)', user: { id: '35436', username: null, emails: [{ email: 'johnny@example.com' }] } },
    ]);
    await stopGroup(child);
  }, 90_000);
});
