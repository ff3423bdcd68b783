/**
 * Bench child: fills a store for the growth run, fast, straight into the service's own tables.
 * The first account is created through AccountStore (so its row is exactly what the service
 * writes); the others copy its shape with their own id, base URL and freshly encrypted
 * credentials, inserted with better-sqlite3 in one transaction. Audit records have the shape
 * AuditStore.start/finish write (ids from auditId(), times spread over the last 30 days, within
 * the retention period so the start-up sweep keeps them), spread over all the accounts, with
 * target ids that the load never uses (so no load request takes a different code path).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { getEntry } from '../src/providers/registry.js';
import { AccountStore } from '../src/store/accounts.js';
import { DEFAULT_TENANT } from '../src/store/api-keys.js';
import { auditId } from '../src/store/audit.js';
import { Cipher, loadKey } from '../src/store/crypto.js';
import { hasEncryptedRecords } from '../src/store/key-check.js';
import { migrate, openPostgres, openSqlite } from '../src/store/db.js';
import pg from 'pg';
import { BENCH_ENCRYPTION_KEY } from './lib/pg.js';
import { parseKey } from '../src/store/crypto.js';
import { requestHash } from '../src/store/idempotency.js';
import { serve } from './lib/ipc.js';

interface SeedArgs {
  dataDir: string;
  fakeUrl: string;
  accounts: number;
  audits: number;
  /** Indices of the accounts whose ids are returned (the ones the bench will use). */
  pick: number[];
}

async function seed(args: SeedArgs) {
  const t0 = performance.now();
  const db = openSqlite(args.dataDir);
  await migrate(db);
  const cipher = new Cipher((await loadKey({ DATA_DIR: args.dataDir }, () => hasEncryptedRecords(db))).key);
  const store = new AccountStore(db, cipher, getEntry, { allowPrivateHosts: true });
  const first = await store.create(DEFAULT_TENANT, {
    integration: 'github',
    credentials: { token: 'ghp_seed0000000000000000000000000000000' },
    baseUrl: `${args.fakeUrl}/a/0`,
  });
  const row = await db.selectFrom('integrated_accounts').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
  await db.destroy();
  const plainCredentials = cipher.decrypt(row.credentials_enc);

  const sqlite = new Database(join(args.dataDir, 'service.sqlite'));
  // Seeding only: no journal, no fsync. The service opens the file later with its own settings.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  const ids: string[] = [first.id];
  const insertAccount = sqlite.prepare(
    `INSERT INTO integrated_accounts (id, tenant_id, integration, auth_method, credentials_enc, context, base_url, token_url, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 1; i < args.accounts; i++) {
      const id = randomUUID();
      ids.push(id);
      const at = new Date(Date.now() - (args.accounts - i) * 1000).toISOString();
      insertAccount.run(id, row.tenant_id, row.integration, row.auth_method, cipher.encrypt(plainCredentials), row.context, `${args.fakeUrl}/a/${i}`, null, 'active', at, at);
    }
  })();
  const accountsMs = performance.now() - t0;

  const t1 = performance.now();
  const paramsKey = requestHash({ organizationId: 'acme' });
  const input = JSON.stringify({ params: { organizationId: 'acme' }, remoteQuery: null, dryRun: false });
  const dryInput = JSON.stringify({ params: { organizationId: 'acme' }, remoteQuery: null, dryRun: true });
  const insertAudit = sqlite.prepare(
    `INSERT INTO deletion_audit (id, tenant_id, api_key_id, via, request_id, idempotency_key, integrated_account_id, integration, target_id, params_key, input, dry_run, state, outcome, error_code, error_message, calls, snapshot, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const span = 30 * 86_400_000;
  const begin = Date.now() - span - 60_000;
  const batch = 50_000;
  for (let from = 0; from < args.audits; from += batch) {
    sqlite.transaction(() => {
      for (let i = from; i < Math.min(args.audits, from + batch); i++) {
        const t = begin + Math.floor((i / args.audits) * span);
        const account = ids[(i * 7919) % ids.length] as string;
        const login = `seed-user-${i}`;
        const failed = i % 20 === 0;
        const dry = i % 50 === 1;
        const base = `${args.fakeUrl}/a/${(i * 7919) % ids.length}`;
        const calls = failed
          ? [{ method: 'GET', url: `${base}/orgs/acme/memberships/${login}`, status: 404, durationMs: 41, attempt: 1 }]
          : [
              { method: 'GET', url: `${base}/orgs/acme/memberships/${login}`, status: 200, durationMs: 38, attempt: 1 },
              { method: 'GET', url: `${base}/users/${login}`, status: 200, durationMs: 35, attempt: 1 },
              dry
                ? { method: 'DELETE', url: `${base}/orgs/acme/members/${login}`, durationMs: 0, attempt: 1, planned: true }
                : { method: 'DELETE', url: `${base}/orgs/acme/members/${login}`, status: 204, durationMs: 52, attempt: 1 },
            ];
        const snapshot = failed
          ? null
          : JSON.stringify({
              id: login,
              identifiers: { id: 100000 + i, login, nodeId: `MDQ6VXNlcj${i}` },
              name: `Seed User ${i}`,
              username: login,
              emails: [{ email: `${login}@example.com`, type: 'public', isPrimary: true }],
              status: 'ACTIVE',
              rawStatus: 'active',
              roles: [{ id: 'member', name: 'member', organization: 'member' }],
              organizations: [{ id: 'acme', name: 'acme' }],
              userType: 'User',
              avatar: 'https://avatars.githubusercontent.com/u/1?v=4',
              createdAt: '2019-01-14T04:33:35.000Z',
              updatedAt: '2024-01-14T04:33:35.000Z',
              urls: [{ url: `https://github.com/${login}`, type: 'profile' }],
            });
        insertAudit.run(
          auditId(t),
          DEFAULT_TENANT,
          null,
          i % 3 === 0 ? 'rest' : 'graphql',
          randomUUID(),
          i % 10 === 0 ? `idem-${i}` : null,
          account,
          'github',
          login,
          paramsKey,
          dry ? dryInput : input,
          dry ? 1 : 0,
          failed ? 'FAILED' : 'SUCCEEDED',
          failed ? null : 'REMOVED_FROM_CONTAINER',
          failed ? 'NOT_FOUND' : null,
          failed ? 'GitHub has no such user or resource (HTTP 404)' : null,
          JSON.stringify(calls),
          snapshot,
          new Date(t).toISOString(),
          new Date(t + 130).toISOString(),
        );
      }
    })();
  }
  const auditsMs = performance.now() - t1;
  sqlite.pragma('journal_mode = WAL');
  const counts = {
    accounts: (sqlite.prepare('SELECT count(*) AS n FROM integrated_accounts').get() as { n: number }).n,
    audits: (sqlite.prepare('SELECT count(*) AS n FROM deletion_audit').get() as { n: number }).n,
  };
  const pageCount = sqlite.pragma('page_count', { simple: true }) as number;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.close();
  return { ...counts, accountsMs, auditsMs, dbBytes: pageCount * pageSize, picked: args.pick.map((i) => ids[i % ids.length]) };
}

/**
 * The same store on PostgreSQL, in `schema` (made by the service's migrations): the first account
 * through AccountStore, the others copies of its row (own id, base URL, credentials encrypted
 * anew), the audit records in SQL with generate_series (the same spread as above: 5 % failed,
 * 2 % dry runs, one in ten with an idempotency key, ids ordered by their start time).
 */
async function seedPostgres(args: SeedArgs & { url: string; schema: string }) {
  const t0 = performance.now();
  const db = openPostgres(args.url, args.schema, 2);
  await migrate(db);
  const cipher = new Cipher(parseKey(BENCH_ENCRYPTION_KEY));
  const store = new AccountStore(db, cipher, getEntry, { allowPrivateHosts: true });
  const first = await store.create(DEFAULT_TENANT, {
    integration: 'github',
    credentials: { token: 'ghp_seed0000000000000000000000000000000' },
    baseUrl: `${args.fakeUrl}/a/0`,
  });
  const row = await db.selectFrom('integrated_accounts').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
  await db.destroy();
  const plainCredentials = cipher.decrypt(row.credentials_enc);
  const client = new pg.Client({ connectionString: args.url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${args.schema}"`);
    await client.query('SET synchronous_commit TO off');
    const ids: string[] = [first.id];
    const creds: string[] = [];
    for (let i = 1; i < args.accounts; i++) {
      ids.push(randomUUID());
      creds.push(cipher.encrypt(plainCredentials));
    }
    const cols = (await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'integrated_accounts' ORDER BY ordinal_position`, [args.schema])).rows.map((r) => r.column_name);
    const value: Record<string, string> = {
      id: 'u.id',
      credentials_enc: 'u.cred',
      base_url: `$3 || '/a/' || u.n`,
      created_at: `to_char((now() - (($4 - u.n) * interval '1 second')) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      updated_at: `to_char((now() - (($4 - u.n) * interval '1 second')) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    };
    await client.query(
      `INSERT INTO integrated_accounts (${cols.map((c) => `"${c}"`).join(', ')})
       SELECT ${cols.map((c) => value[c] ?? `a."${c}"`).join(', ')}
       FROM integrated_accounts a, unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(id, cred, n) WHERE a.id = $5`,
      [ids.slice(1), creds, args.fakeUrl, args.accounts, first.id],
    );
    const accountsMs = performance.now() - t0;

    const t1 = performance.now();
    await client.query(`CREATE FUNCTION pg_temp.b36(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT lpad(string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', ((n / (36::bigint ^ p)::bigint) % 36)::int + 1, 1), '' ORDER BY p DESC), 9, '0')
      FROM generate_series(0, 8) AS p $$`);
    const span = 30 * 86_400_000;
    const begin = Date.now() - span - 60_000;
    const paramsKey = requestHash({ organizationId: 'acme' });
    const input = JSON.stringify({ params: { organizationId: 'acme' }, remoteQuery: null, dryRun: false });
    const dryInput = JSON.stringify({ params: { organizationId: 'acme' }, remoteQuery: null, dryRun: true });
    const calls = JSON.stringify([{ method: 'DELETE', url: `${args.fakeUrl}/orgs/acme/members/x`, status: 204, durationMs: 52, attempt: 1 }]);
    const chunk = 250_000;
    for (let from = 0; from < args.audits; from += chunk) {
      await client.query(
        `INSERT INTO deletion_audit (id, tenant_id, api_key_id, via, request_id, idempotency_key, integrated_account_id, integration, target_id, params_key, input, dry_run, state, outcome, error_code, error_message, calls, snapshot, started_at, finished_at)
         SELECT 'aud_' || pg_temp.b36(t) || substr(md5(i::text), 1, 12), $1, NULL, CASE WHEN i % 3 = 0 THEN 'rest' ELSE 'graphql' END, md5(i::text),
                CASE WHEN i % 10 = 0 THEN 'idem-' || i END, ($2::text[])[1 + (i * 7919) % $3], 'github', 'seed-user-' || i, $4,
                CASE WHEN i % 50 = 1 THEN $6 ELSE $5 END, CASE WHEN i % 50 = 1 THEN 1 ELSE 0 END,
                CASE WHEN i % 20 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, CASE WHEN i % 20 = 0 THEN NULL ELSE 'REMOVED_FROM_CONTAINER' END,
                CASE WHEN i % 20 = 0 THEN 'NOT_FOUND' END, CASE WHEN i % 20 = 0 THEN 'GitHub has no such user or resource (HTTP 404)' END, $7, NULL,
                to_char(to_timestamp(t / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                to_char(to_timestamp((t + 130) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
         FROM (SELECT i, ($8::bigint + (i::numeric * $9 / $10)::bigint) AS t FROM generate_series($11::bigint, $12::bigint) AS i) s`,
        [DEFAULT_TENANT, ids, ids.length, paramsKey, input, dryInput, calls, begin, span, args.audits, from, Math.min(args.audits, from + chunk) - 1],
      );
    }
    await client.query('VACUUM (ANALYZE) integrated_accounts');
    await client.query('VACUUM (ANALYZE) deletion_audit');
    const auditsMs = performance.now() - t1;
    const n = async (table: string) => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
    const bytes = Number((await client.query<{ b: string }>(`SELECT sum(pg_total_relation_size(c.oid)) AS b FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`, [args.schema])).rows[0]?.b);
    return { accounts: await n('integrated_accounts'), audits: await n('deletion_audit'), accountsMs, auditsMs, dbBytes: bytes, picked: args.pick.map((i) => ids[i % ids.length]) };
  } finally {
    await client.end();
  }
}

serve({}, { seed: (args: SeedArgs) => seed(args), seedPostgres: (args: SeedArgs & { url: string; schema: string }) => seedPostgres(args) });
