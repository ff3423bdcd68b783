/** The bench on PostgreSQL: where, with which key, and the schemas it makes (each dropped after). */
import pg from 'pg';

/** The credential key of every PostgreSQL store the bench makes (bench-only schemas, dropped after). */
export const BENCH_ENCRYPTION_KEY = 'b'.repeat(64);

/** TEST_DATABASE_URL when set, else the local server. */
export function benchDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

/** A new schema name, `bench_<time>_<tag>` (a lower-case SQL identifier, as DATABASE_SCHEMA requires). */
export function benchSchema(tag: string): string {
  const name = `bench_${Date.now().toString(36)}_${tag.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad bench schema name ${name}`);
  return name;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** pg_stat_user_tables of one schema, by table. */
export type PgTableStats = Record<string, { seqScan: number; idxScan: number; inserted: number; updated: number; deleted: number }>;

/** The counters of `after` less those of `before`, table by table. */
export function pgDelta(before: PgTableStats | null, after: PgTableStats | null): PgTableStats | null {
  if (!before || !after) return null;
  return Object.fromEntries(
    Object.entries(after).map(([t, a]) => {
      const b = before[t] ?? { seqScan: 0, idxScan: 0, inserted: 0, updated: 0, deleted: 0 };
      return [t, { seqScan: a.seqScan - b.seqScan, idxScan: a.idxScan - b.idxScan, inserted: a.inserted - b.inserted, updated: a.updated - b.updated, deleted: a.deleted - b.deleted }];
    }),
  );
}
