/**
 * `npm run bench:audit-plans` (issue #25, item 3): the audit table on PostgreSQL with many rows
 * (10 million by default), the queries `deletionAudit` runs (AuditStore.filtered/list in
 * src/store/audit.ts: filters, newest first, cursor paging) and the one every deletion runs
 * (AuditStore.lastDeletion), each under EXPLAIN (ANALYZE, BUFFERS); then whether a retention
 * sweep (AuditStore.prune: one DELETE of the old ids) blocks the audit writes of a deletion.
 *
 * The tables are made by the service's own migrations (src/store/db.ts) in a schema of their
 * own, seeded in SQL with generate_series, and the schema is dropped at the end (also on error).
 *
 *   node dist/bench/audit-plans.js [--rows 10000000] [--out bench/audit-plans.json]
 * Database: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate, openPostgres } from '../src/store/db.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

const rows = Number(option('rows', '10000000'));
if (!Number.isInteger(rows) || rows < 1000) throw new Error('--rows must be an integer of at least 1000');
const out = resolve(ROOT, option('out', 'bench/audit-plans.json'));
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_audit_${Date.now().toString(36)}`;
const log = (m: string) => process.stdout.write(`${m}\n`);

/** 1,000 accounts; the seeded rows spread over 30 days, one tenant in ten not "default". */
const ACCOUNTS = 1000;
const DAY = 86_400_000;
const end = Date.now() - 60_000;
const begin = end - 30 * DAY;

/** An audit id for a time (src/store/audit.ts auditId): `aud_` + base-36 ms, 9 digits, + 12 hex. */
const idAt = (ms: number, suffix = '000000000000') => `aud_${ms.toString(36).padStart(9, '0')}${suffix}`;

async function main(): Promise<void> {
  const db = openPostgres(url, schema, 2);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: Record<string, unknown> = { generatedAt: new Date().toISOString(), rows, schema };
  try {
    await migrate(db);
    await db.destroy();
    await client.query(`SET search_path TO "${schema}"`);
    await client.query('SET synchronous_commit TO off');
    // base-36 of a bigint, 9 digits wide (what auditId's Number.toString(36).padStart(9, '0') gives).
    await client.query(`CREATE FUNCTION b36(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT lpad(string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', ((n / (36::bigint ^ p)::bigint) % 36)::int + 1, 1), '' ORDER BY p DESC), 9, '0')
      FROM generate_series(0, 8) AS p $$`);
    const t0 = performance.now();
    const chunk = 1_000_000;
    for (let from = 0; from < rows; from += chunk) {
      const to = Math.min(rows, from + chunk) - 1;
      // Row i: started at begin + i/rows of 30 days; account i*7919 mod 1000; 5 % failed
      // (NOT_FOUND), 1 in 10,000 RATE_LIMITED (a rare filter), 2 % dry runs; one in ten in tenant t2.
      await client.query(
        `INSERT INTO deletion_audit (id, tenant_id, api_key_id, via, request_id, idempotency_key, integrated_account_id, integration, target_id, params_key, input, dry_run, state, outcome, error_code, error_message, calls, snapshot, started_at, finished_at, owner_id)
         SELECT 'aud_' || b36(t) || lpad(to_hex(i), 12, '0'),
                CASE WHEN i % 10 = 9 THEN 't2' ELSE 'default' END, NULL,
                CASE WHEN i % 3 = 0 THEN 'rest' ELSE 'graphql' END, md5(i::text), NULL,
                'acct-' || ((i * 7919) % ${ACCOUNTS}), CASE WHEN i % 4 = 0 THEN 'slack' ELSE 'github' END,
                'seed-user-' || i, 'pk', '{"params":{"organizationId":"acme"},"remoteQuery":null,"dryRun":false}',
                CASE WHEN i % 50 = 1 THEN 1 ELSE 0 END,
                CASE WHEN i % 20 = 0 OR i % 10000 = 7 THEN 'FAILED' ELSE 'SUCCEEDED' END,
                CASE WHEN i % 20 = 0 OR i % 10000 = 7 THEN NULL ELSE 'REMOVED_FROM_CONTAINER' END,
                CASE WHEN i % 20 = 0 THEN 'NOT_FOUND' WHEN i % 10000 = 7 THEN 'RATE_LIMITED' END,
                NULL, '[{"method":"DELETE","status":204,"durationMs":52,"attempt":1}]', NULL,
                to_char(to_timestamp(t / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), NULL, 'seed'
         FROM (SELECT i, ($1::bigint + (i::numeric * $2 / $3)::bigint) AS t FROM generate_series($4::bigint, $5::bigint) AS i) s`,
        [begin, 30 * DAY, rows, from, to],
      );
      log(`  ${to + 1} rows (${Math.round((performance.now() - t0) / 1000)} s)`);
    }
    await client.query('VACUUM (ANALYZE) deletion_audit');
    const seedMs = performance.now() - t0;
    const size = await client.query<{ table: string; indexes: string }>(
      `SELECT pg_size_pretty(pg_table_size('deletion_audit')) AS table, pg_size_pretty(pg_indexes_size('deletion_audit')) AS indexes`,
    );
    result.seedSeconds = Math.round(seedMs / 100) / 10;
    result.size = size.rows[0];
    log(`seeded ${rows} rows in ${result.seedSeconds} s; table ${size.rows[0]?.table}, indexes ${size.rows[0]?.indexes}`);

    const mid = idAt(begin + 15 * DAY, 'ffffffffffff');
    const day10 = idAt(begin + 10 * DAY);
    const day11 = idAt(begin + 11 * DAY);
    // The SQL Kysely compiles for AuditStore.list (first = 50: limit 51) and lastDeletion.
    const list = (where: string) => `SELECT * FROM deletion_audit WHERE tenant_id = 'default'${where} ORDER BY id DESC LIMIT 51`;
    const queries: Array<{ name: string; sql: string }> = [
      { name: 'deletionAudit, no filter, first page', sql: list('') },
      { name: 'deletionAudit, no filter, a page in the middle (cursor)', sql: list(` AND id < '${mid}'`) },
      { name: 'deletionAudit, integratedAccountId', sql: list(` AND integrated_account_id = 'acct-17'`) },
      { name: 'deletionAudit, integratedAccountId + cursor', sql: list(` AND integrated_account_id = 'acct-17' AND id < '${mid}'`) },
      { name: 'deletionAudit, integratedAccountId + targetId', sql: list(` AND integrated_account_id = 'acct-${(4242 * 7919) % ACCOUNTS}' AND target_id = 'seed-user-4242'`) },
      { name: 'deletionAudit, from/to (one day)', sql: list(` AND id >= '${day10.slice(0, 13)}' AND id < '${day11.slice(0, 13)}'`) },
      { name: 'deletionAudit, integration + outcome', sql: list(` AND integration = 'slack' AND outcome = 'REMOVED_FROM_CONTAINER'`) },
      { name: 'deletionAudit, errorCode NOT_FOUND (5 %)', sql: list(` AND error_code = 'NOT_FOUND'`) },
      { name: 'deletionAudit, errorCode RATE_LIMITED (0.01 %, rare)', sql: list(` AND error_code = 'RATE_LIMITED'`) },
      { name: 'deletionAudit, state INTERRUPTED (none)', sql: list(` AND state = 'INTERRUPTED'`) },
      {
        name: 'lastDeletion (every deletion)',
        sql: `SELECT * FROM deletion_audit WHERE tenant_id = 'default' AND integrated_account_id = 'acct-${(4242 * 7919) % ACCOUNTS}' AND target_id = 'seed-user-4242' AND params_key = 'pk' AND state = 'SUCCEEDED' AND dry_run = 0 AND outcome IN ('DELETED', 'DEACTIVATED', 'REMOVED_FROM_CONTAINER') ORDER BY id DESC LIMIT 1`,
      },
    ];
    const plans: Array<{ name: string; sql: string; executionMs: number; planningMs: number; plan: string }> = [];
    for (const q of queries) {
      // Once to warm the cache, then the measured EXPLAIN ANALYZE.
      await client.query(q.sql);
      const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`);
      const lines = r.rows.map((x) => x['QUERY PLAN']);
      const num = (re: RegExp) => Number(lines.map((l) => re.exec(l)?.[1]).find(Boolean) ?? NaN);
      const p = { ...q, executionMs: num(/Execution Time: ([\d.]+) ms/), planningMs: num(/Planning Time: ([\d.]+) ms/), plan: lines.join('\n') };
      plans.push(p);
      log(`  ${p.executionMs.toFixed(3).padStart(9)} ms  ${q.name}`);
    }
    result.plans = plans;

    // Retention: a sweep of the oldest day (one DELETE, as AuditStore.prune on PostgreSQL), left
    // open in a transaction, while another connection writes a deletion's audit start and finish.
    const sweeper = new pg.Client({ connectionString: url });
    await sweeper.connect();
    try {
      await sweeper.query(`SET search_path TO "${schema}"`);
      await sweeper.query('BEGIN');
      const ts = performance.now();
      const swept = await sweeper.query(`DELETE FROM deletion_audit WHERE id < $1`, [idAt(begin + DAY).slice(0, 13)]);
      const sweepMs = performance.now() - ts;
      await client.query(`SET statement_timeout TO 5000`);
      const tw = performance.now();
      const id = idAt(Date.now(), 'abcdefabcdef');
      await client.query(
        `INSERT INTO deletion_audit (id, tenant_id, via, integrated_account_id, target_id, input, dry_run, state, calls, started_at) VALUES ($1, 'default', 'graphql', 'acct-1', 'new-user', '{}', 0, 'STARTED', '[]', now()::text)`,
        [id],
      );
      await client.query(`UPDATE deletion_audit SET state = 'SUCCEEDED', outcome = 'REMOVED_FROM_CONTAINER', finished_at = now()::text WHERE id = $1 AND state = 'STARTED'`, [id]);
      const writeMs = performance.now() - tw;
      await sweeper.query('COMMIT');
      result.retention = { sweptRows: swept.rowCount, sweepMs: Math.round(sweepMs), auditWritesDuringOpenSweepMs: Math.round(writeMs * 100) / 100, blocked: false };
      log(`retention: a sweep of ${swept.rowCount} rows (${Math.round(sweepMs)} ms, left uncommitted) did not block a deletion's audit insert + update (${(Math.round(writeMs * 100) / 100).toFixed(2)} ms)`);
    } finally {
      await sweeper.end();
    }
  } finally {
    await client.query('RESET statement_timeout').catch(() => undefined);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`written to ${out}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`audit-plans failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
