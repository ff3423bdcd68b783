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
import { migrate, openSqlite } from '../src/store/db.js';
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

serve({}, { seed: (args: SeedArgs) => seed(args) });
