/**
 * PostgreSQL for tests: TEST_DATABASE_URL selects it for the whole suite (.ci/run runs the suite
 * once on the embedded store and once on PostgreSQL); every service started gets its own schema,
 * dropped when it stops, so runs and tests never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openPostgres, openSqlite, type DB } from '../../src/store/db.js';

/** The suite's PostgreSQL, when this run uses it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** The PostgreSQL of the CI machine (tests that need two processes on one database use it in both runs). */
export const LOCAL_POSTGRES = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function freshSchema(): string {
  return `t_${randomBytes(8).toString('hex')}`;
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

/**
 * A store for a unit test: PostgreSQL in a fresh schema on the PostgreSQL run, else SQLite in
 * `dir`. `open()` may be called several times: each call is another connection to the same store
 * (another "process").
 */
export async function testStore(dir: string): Promise<{ open: () => Kysely<DB>; close: () => Promise<void> }> {
  const opened: Array<Kysely<DB>> = [];
  const schema = TEST_DATABASE_URL ? freshSchema() : undefined;
  return {
    open() {
      const db = schema ? openPostgres(TEST_DATABASE_URL!, schema) : openSqlite(dir);
      opened.push(db);
      return db;
    },
    async close() {
      for (const db of opened.splice(0)) await db.destroy();
      if (schema) await dropSchema(TEST_DATABASE_URL!, schema);
    },
  };
}
