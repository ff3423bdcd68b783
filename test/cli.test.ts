/**
 * The operators' CLI (`uud`, src/cli): its main run with an argv array and captured streams,
 * against a temporary DATA_DIR (or a fresh PostgreSQL schema on the PostgreSQL run) — help of
 * every command, exit codes of usage errors, the tenant/key/account lifecycle, deleteUser (a dry
 * run and a real one) against a local fake Zendesk, the audit export compared line for line with
 * GET /deletion-audit/export of the service on the same store, and the key rotation.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/cli.js';
import { loadConfig } from '../src/config.js';
import { openServices } from '../src/services.js';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { routeOwner } from './helpers/owners.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './helpers/pg.js';
import { fixture } from './helpers/provider.js';
import { startService } from './helpers/service.js';

const OLD_KEY = '01'.repeat(32);
const NEW_KEY = '02'.repeat(32);
const ZD_TOKEN = 'zd-cli-secret-token-0123456789';
const ZD_TOKEN_2 = 'zd-cli-secret-token-rotated-42';

const dataDir = mkdtempSync(join(tmpdir(), 'uud-cli-'));
const schema = TEST_DATABASE_URL ? freshSchema() : undefined;
const ENV: Record<string, string> = {
  ...(schema ? { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema } : {}),
  DATA_DIR: dataDir,
  ENCRYPTION_KEY: OLD_KEY,
  ALLOW_PRIVATE_PROVIDER_HOSTS: '1',
  VENDOR_RETRY_BASE_MS: '10',
  VENDOR_TIMEOUT_MS: '5000',
};

/** Every line the CLI printed, to check no credential ever shows. */
const printed: string[] = [];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        add(chunk.toString());
        cb();
      },
    });
  const code = await run(args, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from([opts.stdin ?? '']),
    env: { ...ENV, ...opts.env },
  });
  printed.push(stdout, stderr);
  return { code, stdout, stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dataDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const COMMANDS = [
  'tenants list',
  'tenants create',
  'keys list',
  'keys create',
  'keys new-admin',
  'keys revoke',
  'accounts list',
  'accounts create',
  'accounts update',
  'accounts delete',
  'audit export',
  'delete-user',
  'offboard',
  'reencrypt',
];

let fake: FakeVendor;

beforeAll(async () => {
  fake = await startFake();
  // The self-deletion guard's owner lookup on the Zendesk account's first deletion (GET /users/me).
  routeOwner(fake, 'zendesk', '/zd');
});

afterAll(async () => {
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (schema) await dropSchema(TEST_DATABASE_URL!, schema);
});

describe('uud --help', () => {
  it('lists every command, and every command and group has its own help (exit 0, stdout)', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: uud <command>/);
    expect(top.stdout).toContain('ENCRYPTION_KEY');
    const listed = [...top.stdout.matchAll(/^ {2}(\S+(?: [a-z-]+)?)\s{2,}/gm)].map((m) => m[1]);
    expect(listed).toEqual(COMMANDS);

    for (const group of ['tenants', 'keys', 'accounts', 'audit']) {
      const g = await cli([group, '--help']);
      expect(g.code, group).toBe(0);
      expect(g.stdout).toContain(`Usage: uud ${group} <command>`);
    }
    for (const command of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const h = await cli([...command.split(' '), flag]);
        expect(h.code, command).toBe(0);
        expect(h.stderr).toBe('');
        expect(h.stdout, command).toMatch(new RegExp(`^Usage: uud ${command}\\b`));
        expect(h.stdout).toContain('-h, --help');
      }
    }
    // help after other options, and `help <command>`
    expect((await cli(['delete-user', '--tenant', 'x', '--help'])).stdout).toContain('--dry-run');
    const viaHelp = await cli(['help', 'accounts', 'create']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('--credentials-file <file>');
  });
});

describe('uud --version', () => {
  it("prints package.json's version (exit 0, stdout)", async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const v = await cli([flag]);
      expect(v.code).toBe(0);
      expect(v.stdout).toBe(`uud ${pkg.version}\n`);
    }
  });
});

describe('usage errors', () => {
  it('exit 2 with a message and a pointer to the help, before touching any store', async () => {
    const untouched = join(dataDir, 'never-created');
    const cases: Array<[string[], RegExp]> = [
      [[], /Usage: uud <command>/],
      [['nope'], /Unknown command "nope"/],
      [['tenants'], /Usage: uud tenants <command>/],
      [['tenants', 'drop'], /Unknown command "tenants drop"/],
      [['tenants', 'list', '--foo'], /Unknown option '--foo'/],
      [['tenants', 'create'], /Missing <name>/],
      [['tenants', 'create', 'a', 'b'], /Unexpected argument "b"/],
      [['keys', 'create', '--tenant', 'default', '--name', 'x'], /--scopes is required/],
      [['keys', 'create', '--tenant', 'default', '--name', 'x', '--scopes', 'admin'], /--scopes must be a comma-separated list of users:delete/],
      [['keys', 'create', '--tenant'], /argument missing/],
      [['accounts', 'create', '--tenant', 'default', '--integration', 'zendesk'], /--credentials-file is required/],
      [['accounts', 'create', '--tenant', 'default', '--integration', 'zendesk', '--credentials-file', 'f', '--context-json', '{x'], /--context-json must be a JSON object/],
      [['accounts', 'update', 'some-id', '--tenant', 'default'], /Nothing to change/],
      [['accounts', 'create', '--tenant', 'default', '--integration', 'zendesk', '--token', 'abc'], /Unknown option '--token'/],
      [['audit', 'export', '--tenant', 'default', '--outcome', 'vanished'], /--outcome must be one of deleted/],
      [['audit', 'export', '--tenant', 'default', '--from', 'yesterday'], /--from must be an ISO 8601 date-time/],
      [['audit', 'export', '--tenant', 'default', '--dry-run', 'maybe'], /--dry-run must be true or false/],
      [['delete-user', '--tenant', 'default', '--account', 'a'], /--id is required/],
      [['delete-user', '--tenant', 'default', '--account', 'a', '--id', '1', '--param', 'teamId=x'], /Unknown param "teamId"; the params are removeFrom/],
      [['delete-user', '--tenant', 'default', '--account', 'a', '--id', '1', '--param', 'organizationId'], /--param takes name=value/],
      [['delete-user', '--tenant', 'default', '--account', 'a', '--id', '1', '--param', 'permanent=yes'], /--param permanent must be true or false/],
      [['reencrypt', 'now'], /Unexpected argument "now"/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, { env: { DATA_DIR: untouched, DATABASE_URL: '' } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
      if (args.length > 0 && !/Usage:/.test(r.stderr)) expect(r.stderr).toMatch(/Run "uud [a-z -]*--help" for usage/);
    }
    expect(existsSync(untouched)).toBe(false);
  });
});

describe('tenants, keys and accounts', () => {
  let tenantId = '';
  let accountId = '';

  it('creates and lists tenants; a duplicate name fails (exit 1)', async () => {
    const created = await cli(['tenants', 'create', 'acme', '--json']);
    expect(created.code).toBe(0);
    tenantId = JSON.parse(created.stdout).id;
    expect(tenantId).toMatch(/^[0-9a-f-]{36}$/);
    const list = await cli(['tenants', 'list']);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+CREATED/);
    expect(list.stdout).toMatch(new RegExp(`${tenantId}\\s+acme`));
    expect(list.stdout).toMatch(/default\s+default/);
    const dup = await cli(['tenants', 'create', 'acme']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^uud: BAD_USER_INPUT: A tenant named "acme" exists already/);
    const unknown = await cli(['accounts', 'list', '--tenant', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND: No tenant with the id or name "nobody"/);
  });

  it('keys new-admin issues an admin key printed once and revokes the earlier one; refused while ADMIN_API_KEY is set', async () => {
    const refused = await cli(['keys', 'new-admin'], { env: { ADMIN_API_KEY: 'cli-configured-admin-key-0123456789' } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('ADMIN_API_KEY is set');
    const first = await cli(['keys', 'new-admin']);
    expect(first.code).toBe(0);
    const lost = /\n {2}(uud_[\w-]{20,})\n/.exec(first.stdout)?.[1];
    const second = await cli(['keys', 'new-admin']);
    const fresh = /\n {2}(uud_[\w-]{20,})\n/.exec(second.stdout)?.[1];
    expect(lost).toBeDefined();
    expect(fresh).toBeDefined();
    expect(second.stdout).toContain('Shown once');
    const services = await openServices(loadConfig(ENV));
    try {
      expect((await services.apiKeys.authenticate(fresh!))?.scopes).toContain('admin');
      expect(await services.apiKeys.authenticate(lost!)).toBeUndefined();
    } finally {
      await services.close();
    }
  });

  it('creates a key printed once, which the API then accepts; lists it without its secret; revokes it', async () => {
    const created = await cli(['keys', 'create', '--tenant', 'acme', '--name', 'offboarding-bot', '--scopes', 'users:delete,audit:read']);
    expect(created.code).toBe(0);
    const key = /\n {2}(uud_[\w-]{20,})\n/.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    expect(created.stdout).toContain('Shown once');

    const services = await openServices(loadConfig(ENV));
    try {
      const principal = await services.apiKeys.authenticate(key!);
      expect(principal).toMatchObject({ tenantId, name: 'offboarding-bot', scopes: ['users:delete', 'audit:read'] });

      const list = await cli(['keys', 'list', '--tenant', tenantId, '--json']);
      const keys = JSON.parse(list.stdout) as Array<{ id: string; name: string; prefix: string; revokedAt: string | null }>;
      expect(keys).toEqual([expect.objectContaining({ id: principal!.keyId, name: 'offboarding-bot', prefix: key!.slice(0, 8), revokedAt: null })]);
      const table = await cli(['keys', 'list']);
      expect(table.stdout).toMatch(/^ID\s+TENANT\s+NAME\s+PREFIX\s+SCOPES/);
      expect(table.stdout).toContain('offboarding-bot');
      expect(table.stdout).not.toContain(key!);

      const revoked = await cli(['keys', 'revoke', principal!.keyId]);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`Revoked API key ${principal!.keyId}`);
      expect(await services.apiKeys.authenticate(key!)).toBeUndefined();
      expect((await cli(['keys', 'revoke', 'no-such-key'])).stderr).toMatch(/NOT_FOUND: No API key with that id/);
    } finally {
      await services.close();
    }
    // the key itself was printed exactly once, by keys create
    expect(printed.join('\n').split(key!).length - 1).toBe(1);
  });

  it('creates, updates and deletes an integrated account; credentials come from a file or stdin and are never printed', async () => {
    const creds = file('zendesk.json', { method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN });
    const created = await cli([
      'accounts', 'create', '--tenant', 'acme', '--integration', 'zendesk', '--credentials-file', creds,
      '--context-json', '{"subdomain":"acme"}', '--base-url', `${fake.url}/zd`, '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const account = JSON.parse(created.stdout);
    expect(account).toMatchObject({ tenantId, integration: 'zendesk', authMethod: 'api_token', context: { subdomain: 'acme' }, baseUrl: `${fake.url}/zd`, status: 'active' });
    expect(account).not.toHaveProperty('credentials');
    accountId = account.id;

    const list = await cli(['accounts', 'list', '--tenant', tenantId]);
    expect(list.stdout).toMatch(/^ID\s+INTEGRATION\s+AUTH\s+STATUS\s+CONTEXT\s+BASE URL\s+CREATED/);
    expect(list.stdout).toMatch(new RegExp(`${accountId}\\s+zendesk\\s+api_token\\s+active\\s+subdomain=acme`));
    // another tenant does not see it, nor can delete it
    expect((await cli(['accounts', 'list', '--tenant', 'default', '--json'])).stdout).not.toContain(accountId);
    const foreign = await cli(['accounts', 'delete', accountId, '--tenant', 'default']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/INTEGRATED_ACCOUNT_NOT_FOUND/);

    // invalid credentials: refused with the field named, never the value
    const bad = await cli(['accounts', 'create', '--tenant', 'acme', '--integration', 'zendesk', '--credentials-file', file('bad.json', { method: 'api_token', apiToken: ZD_TOKEN })]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/BAD_USER_INPUT: Invalid credentials for Zendesk \(api_token\): credentials.email is required/);
    const notJson = await cli(['accounts', 'create', '--tenant', 'acme', '--integration', 'zendesk', '--credentials-file', '-'], { stdin: `{"apiToken": "${ZD_TOKEN}"` });
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/is not valid JSON/);
    const missing = await cli(['accounts', 'create', '--tenant', 'acme', '--integration', 'zendesk', '--credentials-file', join(dataDir, 'absent.json')]);
    expect(missing.stderr).toMatch(/Cannot read the credentials from ".*absent.json": no such file/);

    // new credentials from stdin
    const updated = await cli(['accounts', 'update', accountId, '--tenant', 'acme', '--credentials-file', '-'], {
      stdin: JSON.stringify({ method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN_2 }),
    });
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain(`Updated integrated account ${accountId} (credentials)`);

    // a throwaway account, deleted
    const other = JSON.parse(
      (await cli(['accounts', 'create', '--tenant', 'acme', '--integration', 'zendesk', '--credentials-file', creds, '--context-json', '{"subdomain":"other"}', '--json'])).stdout,
    );
    const cleared = await cli(['accounts', 'update', other.id, '--tenant', 'acme', '--base-url', '', '--json']);
    expect(JSON.parse(cleared.stdout).baseUrl).toBeNull();
    // a host outside Zendesk's needs the operator's self-hosted mark
    const offHost = await cli(['accounts', 'update', other.id, '--tenant', 'acme', '--base-url', 'https://zendesk.acme.internal']);
    expect(offHost.code).toBe(1);
    expect(offHost.stderr).toMatch(/BAD_USER_INPUT: baseUrl host zendesk\.acme\.internal is not one of Zendesk's hosts \(\*\.zendesk\.com\)/);
    const selfHosted = await cli(['accounts', 'update', other.id, '--tenant', 'acme', '--base-url', 'https://zendesk.acme.internal', '--self-hosted', 'true', '--json']);
    expect(selfHosted.code, selfHosted.stderr).toBe(0);
    expect(JSON.parse(selfHosted.stdout)).toMatchObject({ baseUrl: 'https://zendesk.acme.internal', selfHosted: true });
    expect((await cli(['accounts', 'update', other.id, '--tenant', 'acme', '--self-hosted', 'maybe'])).code).toBe(2);
    expect((await cli(['accounts', 'delete', other.id, '--tenant', 'acme'])).stdout).toContain(`Deleted integrated account ${other.id}`);
    const again = await cli(['accounts', 'delete', other.id, '--tenant', 'acme', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({ error: { code: 'INTEGRATED_ACCOUNT_NOT_FOUND', message: 'No integrated account with that id' } });

    if (!schema) expect(readFileSync(join(dataDir, 'service.sqlite')).toString('latin1')).not.toContain(ZD_TOKEN_2);
  });

  describe('delete-user', () => {
    const zendeskRoutes = (id: string, withDelete: boolean) => {
      fake.reset();
      fake.on(`GET /zd/api/v2/users/${id}`, { body: fixture('zendesk', 'user.json') });
      if (withDelete) fake.on(`DELETE /zd/api/v2/users/${id}`, { body: { user: { id: Number(id), active: false, name: 'Johnny Agent' } } });
    };

    it('a dry run reads the user and lists the planned DELETE without sending it', async () => {
      zendeskRoutes('35436', false);
      const dry = await cli(['delete-user', '--tenant', 'acme', '--account', accountId, '--id', '35436', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(fake.calls()).toEqual(['GET /zd/api/v2/users/35436']);
      expect(fake.unexpected).toEqual([]);
      expect(dry.stdout).toContain('Dry run: nothing was changed at the vendor.');
      expect(dry.stdout).toMatch(/outcome\s+DELETED \(what a real run would do\)/);
      expect(dry.stdout).toMatch(/audit id\s+aud_\w+/);
      expect(dry.stdout).toContain('35436  Johnny Agent  <johnny@example.com>');
      expect(dry.stdout).toMatch(new RegExp(`GET\\s+${fake.url}/zd/api/v2/users/35436\\s+200`));
      expect(dry.stdout).toMatch(new RegExp(`DELETE\\s+${fake.url}/zd/api/v2/users/35436\\s+planned \\(not sent\\)`));
      // the stored (rotated) token reached the vendor, and no output shows it
      expect(fake.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`admin@acme.com/token:${ZD_TOKEN_2}`).toString('base64')}`);

      fake.reset();
      zendeskRoutes('35436', false);
      const json = await cli(['delete-user', '--tenant', tenantId, '--account', accountId, '--id', '35436', '--dry-run', '--json']);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ outcome: 'DELETED', dryRun: true, replayed: false, originalAuditId: null, user: { id: '35436', name: 'Johnny Agent', integratedAccountId: accountId } });
      expect(report.auditId).toMatch(/^aud_/);
      expect(report.calls).toEqual([
        expect.objectContaining({ method: 'GET', url: `${fake.url}/zd/api/v2/users/35436`, status: 200, planned: false }),
        // each uud run looks the token's owner up (the self-deletion guard; a dry run too)
        expect.objectContaining({ method: 'GET', url: `${fake.url}/zd/api/v2/users/me`, status: 200, planned: false }),
        expect.objectContaining({ method: 'DELETE', url: `${fake.url}/zd/api/v2/users/35436`, planned: true }),
      ]);
      expect(report.calls[2]).not.toHaveProperty('status');
      expect(fake.unexpected).toEqual([]);
    });

    it('deletes for real, at most once per idempotency key', async () => {
      zendeskRoutes('35436', true);
      const first = await cli(['delete-user', '--tenant', 'acme', '--account', accountId, '--id', '35436', '--idempotency-key', 'cli-35436', '--json']);
      expect(first.code, first.stderr).toBe(0);
      const done = JSON.parse(first.stdout);
      expect(done).toMatchObject({ outcome: 'DELETED', dryRun: false, replayed: false });
      expect(fake.calls()).toEqual(['GET /zd/api/v2/users/35436', 'DELETE /zd/api/v2/users/35436']);

      const second = await cli(['delete-user', '--tenant', 'acme', '--account', accountId, '--id', '35436', '--idempotency-key', 'cli-35436']);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`Replayed the stored result of ${done.auditId}`);
      expect(fake.calls()).toHaveLength(2);
    });

    it('failures exit 1 with the code, the message and the audit id', async () => {
      fake.reset();
      const r = await cli(['delete-user', '--tenant', 'acme', '--account', accountId, '--id', '35436', '--param', 'organizationId=acme']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^uud: BAD_USER_INPUT: Zendesk does not support organizationId; it accepts irreversiblyEraseUserData\n/);
      expect(r.stderr).toMatch(/ {2}audit id: aud_\w+\n/);
      const json = await cli(['delete-user', '--tenant', 'acme', '--account', '0b5c0a4e-0000-4000-8000-000000000000', '--id', '1', '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'INTEGRATED_ACCOUNT_NOT_FOUND', message: 'No integrated account with that id', auditId: expect.stringMatching(/^aud_/) } });
      expect(fake.requests).toEqual([]);
    });
  });

  describe('audit export', () => {
    it('prints the same JSON lines as GET /deletion-audit/export, with the same filters', async () => {
      const all = await cli(['audit', 'export', '--tenant', 'acme']);
      expect(all.code, all.stderr).toBe(0);
      const records = all.stdout.trim().split('\n').map((l) => JSON.parse(l));
      // two dry runs, the deletion, its replay and the two failures, oldest first
      expect(records).toHaveLength(6);
      expect(records.map((r) => r.id)).toEqual(records.map((r) => r.id).sort());
      for (const r of records) expect(r).toMatchObject({ tenantId, via: 'cli', apiKeyId: null, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(records.map((r) => [r.dryRun, r.state, r.outcome ?? r.errorCode])).toEqual([
        [true, 'SUCCEEDED', 'DELETED'],
        [true, 'SUCCEEDED', 'DELETED'],
        [false, 'SUCCEEDED', 'DELETED'],
        [false, 'SUCCEEDED', 'DELETED'],
        [false, 'FAILED', 'BAD_USER_INPUT'],
        [false, 'FAILED', 'INTEGRATED_ACCOUNT_NOT_FOUND'],
      ]);

      const real = await cli(['audit', 'export', '--tenant', 'acme', '--outcome', 'deleted', '--dry-run', 'false', '--account', accountId, '--target', '35436', '--integration', 'zendesk']);
      expect(real.stdout.trim().split('\n')).toHaveLength(2);
      const none = await cli(['audit', 'export', '--tenant', 'acme', '--from', '2000-01-01T00:00:00Z', '--to', '2000-01-02T00:00:00Z']);
      expect(none).toEqual({ code: 0, stdout: '', stderr: '' });

      // --out: a file with the same lines, mode 0600
      const target = join(dataDir, 'export.jsonl');
      const written = await cli(['audit', 'export', '--tenant', 'acme', '--state', 'failed', '--out', target]);
      expect(written.stdout).toBe(`2 audit records written to ${target}\n`);
      expect(readFileSync(target, 'utf8')).toBe((await cli(['audit', 'export', '--tenant', 'acme', '--state', 'failed'])).stdout);
      expect(statSync(target).mode & 0o777).toBe(0o600);

      // the service's REST export on the same store, with a key the CLI made
      const key = /\n {2}(uud_[\w-]{20,})\n/.exec((await cli(['keys', 'create', '--tenant', 'acme', '--name', 'auditor', '--scopes', 'audit:read'])).stdout)![1]!;
      const svc = await startService(ENV);
      try {
        const rest = async (query: string) => {
          const res = await fetch(`${svc.url}/deletion-audit/export${query}`, { headers: { authorization: `Bearer ${key}` } });
          expect(res.status).toBe(200);
          return res.text();
        };
        expect(await rest('')).toBe(all.stdout);
        expect(await rest(`?outcome=deleted&dry_run=false&integrated_account_id=${accountId}&target_id=35436&integration=zendesk`)).toBe(real.stdout);
        expect(await rest('?state=failed')).toBe(readFileSync(target, 'utf8'));
      } finally {
        await svc.stop();
      }
    });
  });

  describe('reencrypt', () => {
    it('moves the stored credentials to the new key; accounts keep working with the new key alone', async () => {
      // The new key alone cannot read the store's key check: refused before anything is touched.
      const noPrevious = await cli(['reencrypt'], { env: { ENCRYPTION_KEY: NEW_KEY } });
      expect(noPrevious.code).toBe(1);
      expect(noPrevious.stdout).toBe('');
      expect(noPrevious.stderr).toMatch(/^uud: This store was encrypted with key \w{8}, which the configured key \(ENCRYPTION_KEY, key \w{8}\) is not: .*ENCRYPTION_KEYS_PREVIOUS until `uud reencrypt`/);

      const rotated = await cli(['reencrypt', '--json'], { env: { ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEYS_PREVIOUS: OLD_KEY } });
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(JSON.parse(rotated.stdout)).toEqual({ total: 1, reencrypted: 1, keyId: expect.stringMatching(/^\w{8}$/), unreadable: [] });
      expect((await cli(['reencrypt'], { env: { ENCRYPTION_KEY: NEW_KEY } })).stdout).toMatch(/^1 integrated accounts, 0 re-encrypted with key \w{8}, 0 unreadable\n$/);

      fake.reset();
      fake.on('GET /zd/api/v2/users/35436', { body: fixture('zendesk', 'user.json') });
      const dry = await cli(['delete-user', '--tenant', 'acme', '--account', accountId, '--id', '35436', '--dry-run'], { env: { ENCRYPTION_KEY: NEW_KEY } });
      expect(dry.code, dry.stderr).toBe(0);
      // the old key alone no longer reads them (reencrypt moved the key check too): refused at once
      const stale = await cli(['delete-user', '--tenant', 'acme', '--account', accountId, '--id', '35436', '--dry-run']);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/^uud: This store was encrypted with key \w{8}, which the configured key \(ENCRYPTION_KEY, key \w{8}\) is not/);
    });
  });
});

describe('the executable', () => {
  it('is package.json bin "uud", a node script', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin.uud).toBe('dist/src/cli/main.js');
    expect(readFileSync(new URL('../src/cli/main.ts', import.meta.url), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(pkg.scripts.cli).toContain('node dist/src/cli/main.js');
    expect(pkg.scripts.reencrypt).toContain('node dist/src/cli/main.js reencrypt');
  });
});

afterAll(() => {
  // no credential in any output, ever
  const all = printed.join('\n');
  for (const secret of [ZD_TOKEN, ZD_TOKEN_2, OLD_KEY, NEW_KEY]) expect(all.includes(secret), `a credential (${secret.slice(0, 6)}…) was printed`).toBe(false);
  expect(/\n\s+at .*:\d+:\d+/.test(all), 'a stack trace was printed').toBe(false);
});
