/**
 * Secrets at rest and start-up safety: replicas starting together on one fresh PostgreSQL
 * schema, the encryption key check, DATA_DIR permissions and the /metrics token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createApp, type App } from '../src/server.js';
import { dropSchema, freshSchema, LOCAL_POSTGRES } from './helpers/pg.js';

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
        const started = await Promise.allSettled([createApp(loadConfig(env)), createApp(loadConfig(env))]);
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
