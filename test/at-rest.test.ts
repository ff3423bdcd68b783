/**
 * Secrets at rest and start-up safety: replicas starting together on one fresh PostgreSQL
 * schema, the encryption key check, DATA_DIR permissions and the /metrics token.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createApp, isLoopbackHost, type App } from '../src/server.js';
import { DEFAULT_TENANT } from '../src/store/api-keys.js';
import { dropSchema, freshSchema, LOCAL_POSTGRES, TEST_DATABASE_URL } from './helpers/pg.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uud-at-rest-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('two replicas starting together on one fresh PostgreSQL schema', () => {
  for (const admin of ['configured', 'generated'] as const) {
    it(`both start, and there is one admin key (${admin})`, async () => {
      for (let round = 0; round < 8; round++) {
        const schema = freshSchema();
        const env: Record<string, string> = {
          DATA_DIR: tempDir(),
          LOG_LEVEL: 'silent',
          DATABASE_URL: LOCAL_POSTGRES,
          DATABASE_SCHEMA: schema,
          ENCRYPTION_KEY: 'cd'.repeat(32),
          ...(admin === 'configured' ? { ADMIN_API_KEY: 'replica-admin-key-0123456789' } : {}),
        };
        // The generated key is made once the server listens (a start that cannot listen stores none).
        const started = await Promise.allSettled([0, 1].map(async () => {
          const app = await createApp(loadConfig(env));
          await app.listen(0, '127.0.0.1');
          return app;
        }));
        const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        const client = new pg.Client({ connectionString: LOCAL_POSTGRES });
        try {
          const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
          expect(failures, `round ${round}`).toEqual([]);
          await client.connect();
          const { rows } = await client.query(`select count(*)::int as n from "${schema}".api_keys where name = 'admin' and revoked_at is null`);
          expect(rows[0].n, `round ${round}: live admin keys`).toBe(1);
          // A generated key is printed by the replica that made it, and by no other.
          expect(apps.filter((a: App) => a.generatedAdminKey).length, `round ${round}: generated keys`).toBe(admin === 'generated' ? 1 : 0);
        } finally {
          await client.end().catch(() => undefined);
          await Promise.all(apps.map((a) => a.close()));
          await dropSchema(LOCAL_POSTGRES, schema);
        }
      }
    }, 60_000);
  }
});

/** The store of this run (a fresh PostgreSQL schema on the PostgreSQL run, else SQLite in `dir`). */
function storeEnv(dir: string): { env: Record<string, string>; drop: () => Promise<void> } {
  if (!TEST_DATABASE_URL) return { env: { DATA_DIR: dir, LOG_LEVEL: 'silent' }, drop: async () => undefined };
  const schema = freshSchema();
  return { env: { DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema }, drop: () => dropSchema(TEST_DATABASE_URL!, schema) };
}

const KEY_A = '0a'.repeat(32);
const KEY_B = '0b'.repeat(32);

async function startApp(env: Record<string, string>): Promise<App> {
  return createApp(loadConfig({ ADMIN_API_KEY: 'at-rest-admin-key-0123456789', ...env }));
}

async function connectGithub(app: App, token: string): Promise<string> {
  const info = await app.accounts.create(DEFAULT_TENANT, { integration: 'github', credentials: { token } });
  return info.id;
}

describe('the generated admin key', () => {
  const KEY = { ENCRYPTION_KEY: 'ef'.repeat(32) };
  it('a first start that cannot listen (port taken) stores no admin key; the next start generates one and prints it', async () => {
    const { env, drop } = storeEnv(tempDir());
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const first = await createApp(loadConfig({ ...env, ...KEY }));
      await expect(first.listen(port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
      expect(first.generatedAdminKey).toBeUndefined();
      expect(await first.apiKeys.listKeys(DEFAULT_TENANT)).toEqual([]);
      await first.close();

      const second = await createApp(loadConfig({ ...env, ...KEY }));
      try {
        await second.listen(0, '127.0.0.1');
        const key = second.generatedAdminKey;
        expect(key).toBeTypeOf('string');
        expect((await second.apiKeys.authenticate(key!))?.scopes).toContain('admin');
      } finally {
        await second.close();
      }
      // A third start finds the key and prints none.
      const third = await createApp(loadConfig({ ...env, ...KEY }));
      try {
        await third.listen(0, '127.0.0.1');
        expect(third.generatedAdminKey).toBeUndefined();
      } finally {
        await third.close();
      }
    } finally {
      blocker.close();
      await drop();
    }
  }, 60_000);

  it('issueAdmin (uud keys new-admin) replaces a lost admin key: the new one authenticates, the old one no longer does', async () => {
    const { env, drop } = storeEnv(tempDir());
    const app = await createApp(loadConfig({ ...env, ...KEY }));
    try {
      await app.listen(0, '127.0.0.1');
      const lost = app.generatedAdminKey!;
      const fresh = await app.apiKeys.issueAdmin();
      expect(fresh).not.toBe(lost);
      expect((await app.apiKeys.authenticate(fresh))?.scopes).toContain('admin');
      expect(await app.apiKeys.authenticate(lost)).toBeUndefined();
      expect((await app.apiKeys.listKeys(DEFAULT_TENANT)).filter((k) => k.name === 'admin' && !k.revokedAt)).toHaveLength(1);
    } finally {
      await app.close();
      await drop();
    }
  }, 60_000);
});

describe('the encryption key', () => {
  it('a missing DATA_DIR/encryption.key in front of stored credentials refuses the start, and no new key is written', async () => {
    const dir = tempDir();
    const first = await startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const id = await connectGithub(first, 'ghp_key_file_secret_0001');
    await first.close();
    const keyFile = join(dir, 'encryption.key');
    const saved = readFileSync(keyFile, 'utf8');
    rmSync(keyFile);

    await expect(startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent' })).rejects.toThrow(/holds encrypted credentials, but there is no encryption key: .*encryption\.key is missing.*Restore that file from its backup, or set ENCRYPTION_KEY/);
    expect(existsSync(keyFile)).toBe(false);

    // With the file restored, the account reads as before.
    writeFileSync(keyFile, saved, { mode: 0o600 });
    const again = await startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    try {
      const [account] = await again.accounts.loadMany(DEFAULT_TENANT, [id]);
      expect(account?.credentials.fields.token).toBe('ghp_key_file_secret_0001');
    } finally {
      await again.close();
    }
  });

  it('a key that cannot read the key check refuses the start, naming the fix; with the old key in ENCRYPTION_KEYS_PREVIOUS it starts', async () => {
    const store = storeEnv(tempDir());
    try {
      const first = await startApp({ ...store.env, ENCRYPTION_KEY: KEY_A });
      await first.close();
      // No account yet: the key check alone tells the keys apart.
      const refused = startApp({ ...store.env, ENCRYPTION_KEY: KEY_B });
      await expect(refused).rejects.toThrow(/This store was encrypted with key \w{8}, which the configured key \(ENCRYPTION_KEY, key \w{8}\) is not: start with the key this store was written with/);
      await expect(refused).rejects.toThrow(/ENCRYPTION_KEYS_PREVIOUS until `uud reencrypt`/);
      const rotating = await startApp({ ...store.env, ENCRYPTION_KEY: KEY_B, ENCRYPTION_KEYS_PREVIOUS: KEY_A });
      await rotating.close();
    } finally {
      await store.drop();
    }
  });

  it('a store written before the key check: its credentials decide (readable: the check is written; unreadable: refused)', async () => {
    const store = storeEnv(tempDir());
    try {
      const first = await startApp({ ...store.env, ENCRYPTION_KEY: KEY_A });
      await connectGithub(first, 'ghp_pre_check_secret_0002');
      await first.db.deleteFrom('key_check').execute();
      await first.close();
      await expect(startApp({ ...store.env, ENCRYPTION_KEY: KEY_B })).rejects.toThrow(/The store's credentials are encrypted with key \w{8}, which the configured key .* is not/);
      const second = await startApp({ ...store.env, ENCRYPTION_KEY: KEY_A });
      await second.close();
      await expect(startApp({ ...store.env, ENCRYPTION_KEY: KEY_B })).rejects.toThrow(/This store was encrypted with key/);
    } finally {
      await store.drop();
    }
  });

  it('with DATABASE_URL and no ENCRYPTION_KEY / ENCRYPTION_KEY_FILE, refuses to start (replicas would generate different keys)', async () => {
    const dir = tempDir();
    const schema = freshSchema();
    try {
      await expect(startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: LOCAL_POSTGRES, DATABASE_SCHEMA: schema })).rejects.toThrow(
        /DATABASE_URL is set but no encryption key is: set ENCRYPTION_KEY \(or ENCRYPTION_KEY_FILE\) to the same 32-byte key on every replica/,
      );
      expect(existsSync(join(dir, 'encryption.key'))).toBe(false);
      // ENCRYPTION_KEY_FILE, kept outside DATA_DIR, is enough.
      const keyFile = join(tempDir(), 'uud.key');
      writeFileSync(keyFile, KEY_A, { mode: 0o600 });
      const app = await startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: LOCAL_POSTGRES, DATABASE_SCHEMA: schema, ENCRYPTION_KEY_FILE: keyFile });
      await app.close();
    } finally {
      await dropSchema(LOCAL_POSTGRES, schema);
    }
  });
});

describe('DATA_DIR permissions', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('a new DATA_DIR: the directory 0700, the database, its -wal and -shm and the generated key 0600', async () => {
    const dir = join(tempDir(), 'data');
    const app = await startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    try {
      await connectGithub(app, 'ghp_mode_secret_0003');
      expect(mode(dir)).toBe(0o700);
      for (const name of ['service.sqlite', 'service.sqlite-wal', 'service.sqlite-shm', 'encryption.key']) expect(mode(join(dir, name)), name).toBe(0o600);
    } finally {
      await app.close();
    }
  });

  it('an existing DATA_DIR with looser modes is made private at start, whatever existed before', async () => {
    const dir = tempDir();
    const first = await startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    await first.close();
    // As an earlier version, a restore or a copy with umask 022 would have left them.
    chmodSync(dir, 0o755);
    for (const name of ['service.sqlite', 'service.sqlite-wal', 'service.sqlite-shm', 'encryption.key']) {
      const file = join(dir, name);
      if (!existsSync(file)) writeFileSync(file, '');
      chmodSync(file, 0o644);
    }
    const second = await startApp({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    try {
      expect(mode(dir)).toBe(0o700);
      for (const name of ['service.sqlite', 'service.sqlite-wal', 'service.sqlite-shm', 'encryption.key']) expect(mode(join(dir, name)), name).toBe(0o600);
    } finally {
      await second.close();
    }
  });
});

describe('/metrics beyond loopback', () => {
  async function metricsOf(env: Record<string, string>, host: string, auth?: string) {
    const app = await startApp({ ...storeEnvOnce(), ...env });
    try {
      const url = await app.listen(0, host);
      const port = new URL(url).port;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth ? { authorization: auth } : {} });
      return { status: res.status, text: await res.text() };
    } finally {
      await app.close();
    }
  }

  it('without METRICS_TOKEN, a service listening beyond loopback answers 401 naming METRICS_TOKEN; on loopback /metrics stays open', async () => {
    const wide = await metricsOf({}, '0.0.0.0');
    expect(wide.status).toBe(401);
    expect(JSON.parse(wide.text).error).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/listens beyond loopback \(HOST=0\.0\.0\.0\): set METRICS_TOKEN to serve \/metrics/) });
    expect(wide.text).not.toContain('nodejs_heap');
    const local = await metricsOf({}, '127.0.0.1');
    expect(local.status).toBe(200);
    expect(local.text).toContain('nodejs_heap_size_used_bytes');
  });

  it('with METRICS_TOKEN, the token opens it beyond loopback, and nothing else does', async () => {
    const token = 'metrics-token-at-rest-0123456789';
    expect((await metricsOf({ METRICS_TOKEN: token }, '0.0.0.0', `Bearer ${token}`)).status).toBe(200);
    expect((await metricsOf({ METRICS_TOKEN: token }, '0.0.0.0', `Bearer ${token}x`)).status).toBe(401);
    expect((await metricsOf({ METRICS_TOKEN: token }, '0.0.0.0')).status).toBe(401);
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '', '10.0.0.1', '192.168.1.2', 'example.com', '127.0.0.1.nip.io', '::ffff:10.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

/** A fresh store for a test that needs any (SQLite, or a PostgreSQL schema dropped with the others). */
const schemasToDrop: string[] = [];
function storeEnvOnce(): Record<string, string> {
  const store = storeEnv(tempDir());
  if (store.env.DATABASE_SCHEMA) schemasToDrop.push(store.env.DATABASE_SCHEMA);
  return { ...store.env, ...(store.env.DATABASE_URL ? { ENCRYPTION_KEY: KEY_A } : {}) };
}
afterAll(async () => {
  for (const schema of schemasToDrop) await dropSchema(TEST_DATABASE_URL!, schema);
});
