/**
 * WAL checkpoints on a worker thread (checkpointer.ts): the log reaches the database file without
 * the service's connection checkpointing, the log starts over once copied, other connections'
 * caches are not disturbed, and a worker that cannot run hands checkpoints back to the connection.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditStore } from './audit.js';
import { Checkpointer } from './checkpointer.js';
import { migrate, openSqlite } from './db.js';
import { Embedded, embeddedOf } from './embedded.js';

let dir: string;
const open: Database.Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uud-ckpt-'));
});
afterEach(() => {
  for (const d of open.splice(0)) if (d.open) d.close();
  rmSync(dir, { recursive: true, force: true });
});

function walDatabase(): Database.Database {
  const database = new Database(join(dir, 'store.sqlite'));
  open.push(database);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.exec('create table t (id integer primary key, v text not null)');
  return database;
}

const until = (what: () => boolean) => vi.waitUntil(what, { timeout: 5000, interval: 10 });

/** ~1,500 pages of rows, committed by the connection itself. */
function fill(database: Database.Database): void {
  const insert = database.prepare('insert into t (v) values (?)');
  database.transaction(() => {
    for (let i = 0; i < 1500; i++) insert.run('x'.repeat(3000));
  })();
}

describe('Checkpointer', () => {
  it('copies the log into the database file from its own thread while the connection no longer checkpoints', async () => {
    const database = walDatabase();
    const file = join(dir, 'store.sqlite');
    const sizeBefore = statSync(file).size;
    const ck = new Checkpointer(database, { intervalMs: 20 });
    ck.start();
    await ck.ready;
    expect(ck.stats.running).toBe(true);
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    fill(database);
    await until(() => ck.stats.pagesCopied >= 1500);
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 1500 * 3000);
    // Checkpoints change no content: a reader's data_version stays the same (no cache is emptied).
    const version = database.pragma('data_version', { simple: true });
    const rounds = ck.stats.rounds;
    await until(() => ck.stats.rounds >= rounds + 3);
    expect(database.pragma('data_version', { simple: true })).toBe(version);

    // Everything copied: the next write starts the log over, so it stays bounded.
    const logBefore = ck.stats.logPages;
    database.prepare('insert into t (v) values (?)').run('y');
    const r = ck.stats.rounds;
    await until(() => ck.stats.rounds >= r + 2);
    expect(ck.stats.logPages).toBeLessThan(10);
    expect(logBefore).toBeGreaterThan(1000);

    ck.close();
    expect(ck.stats.running).toBe(false);
    expect(database.prepare('select count(*) from t').pluck().get()).toBe(1501);
  });

  it('keeps the log bounded under a steady stream of group commits by holding them while it catches up', async () => {
    const database = walDatabase();
    const ck = new Checkpointer(database, { intervalMs: 5, restartPages: 300 });
    const fast = new Embedded(database, { checkpointer: ck, syncWal: async () => undefined });
    ck.start();
    await ck.ready;
    const row = 'z'.repeat(2000);
    let maxLog = 0;
    const end = Date.now() + 1500;
    // 8 writers, each writing again as soon as its last write is stored: there is always a write
    // in the queue, so without holds no group commit would ever find the whole log copied.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < end) {
          await fast.write('insert into t (v) values (?)', [row]);
          maxLog = Math.max(maxLog, ck.stats.logPages);
        }
      }),
    );
    // Rows of 2,000 bytes: two to a page. Rounds lag behind a busy writer, so the log overshoots
    // the 300 pages before a hold, but it starts over again and again instead of growing.
    const pagesWritten = (database.prepare('select count(*) from t').pluck().get() as number) / 2;
    expect(pagesWritten).toBeGreaterThan(10_000);
    expect(ck.stats.holds).toBeGreaterThan(3);
    expect(maxLog).toBeLessThan(pagesWritten / 4);
    ck.close();
  });

  it('hands checkpoints back to the connection when the worker cannot run, with a message and no stack', async () => {
    const database = walDatabase();
    const ck = new Checkpointer(database, { intervalMs: 20, driver: join(dir, 'no-such-driver.js') });
    const told: string[] = [];
    ck.onFailure = (reason) => told.push(reason);
    ck.start();
    await ck.ready;
    expect(ck.stats.running).toBe(false);
    expect(ck.stats.failure).toMatch(/no-such-driver/);
    expect(ck.stats.failure).not.toMatch(/\n\s+at /);
    expect(told).toEqual([ck.stats.failure]);
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    ck.start(); // not again
    expect(ck.stats.running).toBe(false);
  });

  it('starts with the first audit write of a store opened by the service and stops when it closes', async () => {
    const db = openSqlite(dir);
    await migrate(db);
    const fast = embeddedOf(db)!;
    const ck = fast.checkpointer!;
    expect(ck.stats.running).toBe(false);
    await new AuditStore(db).start({ tenantId: 'default', apiKeyId: null, via: 'cli', integratedAccountId: 'acc', targetId: 't', input: {}, dryRun: false });
    await ck.ready;
    expect(ck.stats.running).toBe(true);
    expect(fast.database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await db.destroy();
    expect(ck.stats.running).toBe(false);
  });
});
