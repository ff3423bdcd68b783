/**
 * Bench child: the real service (createApp from src/server.ts) on its embedded store, listening
 * on 127.0.0.1. DATA_DIR is BENCH_DATA_DIR when given (a seeded store, see seed.ts), otherwise a
 * new temp directory removed on stop. Other configuration comes from the environment as usual
 * (VENDOR_CONCURRENCY_PER_ACCOUNT, LOG_LEVEL, ...), except what the bench must fix: host, port,
 * admin key, ALLOW_PRIVATE_PROVIDER_HOSTS=1 (the vendor fake is on loopback), and the store:
 * the embedded SQLite store unless BENCH_DATABASE_URL is given, then PostgreSQL there in the
 * schema BENCH_DATABASE_SCHEMA (which the orchestrator drops after the run), with the bench's
 * fixed ENCRYPTION_KEY (so that the seeder and several processes on one schema read each other's
 * credentials); a DATABASE_URL of the environment is never used. Log lines go to stdout, which the
 * orchestrator sends to /dev/null: the cost of writing them is measured, not a terminal's.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/server.js';
import { DEFAULT_TENANT } from '../src/store/api-keys.js';
import { serve } from './lib/ipc.js';
import { sql } from 'kysely';
import { embeddedOf } from '../src/store/embedded.js';
import { BENCH_ENCRYPTION_KEY } from './lib/pg.js';

const given = process.env.BENCH_DATA_DIR;
const dataDir = given || mkdtempSync(join(tmpdir(), 'uud-bench-'));
const pgUrl = process.env.BENCH_DATABASE_URL;
const config = loadConfig({
  ...process.env,
  DATABASE_URL: pgUrl || undefined,
  DATABASE_SCHEMA: pgUrl ? process.env.BENCH_DATABASE_SCHEMA : undefined,
  ENCRYPTION_KEY: pgUrl ? BENCH_ENCRYPTION_KEY : undefined,
  ENCRYPTION_KEY_FILE: undefined,
  DATA_DIR: dataDir,
  ADMIN_API_KEY: process.env.BENCH_ADMIN_KEY ?? 'bench-admin-key-0123456789abcdef',
  ALLOW_PRIVATE_PROVIDER_HOSTS: '1',
  HOST: '127.0.0.1',
  PORT: '0',
});
const started = performance.now();
const app = await createApp(config);
const url = await app.listen(0, '127.0.0.1');
const startMs = performance.now() - started;

serve(
  { url, dataDir, startMs },
  {
    /** Group commit of the embedded store: writes, the commits that carried them and where they ran. */
    storeStats() {
      const fast = embeddedOf(app.db);
      return fast
        ? {
            writes: fast.writes,
            commits: fast.batches,
            syncs: fast.syncs,
            checks: fast.checks,
            reusedChecks: fast.reusedChecks,
            onWriter: fast.writer?.ready ?? false,
            writerFailure: fast.writer?.failure ?? null,
            checkpointer: fast.checkpointer ? { ...fast.checkpointer.stats } : null,
          }
        : null;
    },
    /**
     * On PostgreSQL: the server's counters for the tables of this service's schema (scans by
     * index and sequential, rows inserted, updated, deleted), read fresh (pg_stat_clear_snapshot):
     * per deletion, what the store did. Null on the embedded store.
     */
    async pgTableStats() {
      if (!pgUrl) return null;
      await sql`SELECT pg_stat_clear_snapshot()`.execute(app.db);
      const res = await sql<{ relname: string; seq_scan: string; idx_scan: string | null; n_tup_ins: string; n_tup_upd: string; n_tup_del: string }>`
        SELECT relname, seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE schemaname = current_schema()`.execute(app.db);
      return Object.fromEntries(
        res.rows.map((r) => [r.relname, { seqScan: Number(r.seq_scan), idxScan: Number(r.idx_scan ?? 0), inserted: Number(r.n_tup_ins), updated: Number(r.n_tup_upd), deleted: Number(r.n_tup_del) }]),
      );
    },
    /** GitHub accounts whose base URLs are `${fakeUrl}/a/<i>`: one per path prefix, so the fake can tell them apart. */
    async createAccounts(args: { fakeUrl: string; count: number }) {
      const ids: string[] = [];
      for (let i = 0; i < args.count; i++) {
        const account = await app.accounts.create(DEFAULT_TENANT, {
          integration: 'github',
          credentials: { token: `ghp_bench${String(i).padStart(31, '0')}` },
          baseUrl: `${args.fakeUrl}/a/${i}`,
        });
        ids.push(account.id);
      }
      return ids;
    },
  },
  async () => {
    await app.close();
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  },
);
