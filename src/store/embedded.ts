/**
 * The embedded SQLite store's fast path: the few statements that run on every request (API key,
 * account, audit start and finish) executed as prepared better-sqlite3 statements, audit writes
 * group-committed with their fsync off the event loop (`write`), and read caches for API keys and
 * accounts that can never serve a row another writer has changed.
 *
 * Why: through Kysely each of those statements cost ~30 µs of query building, compiling and
 * mutex hand-offs on top of SQLite's own ~5–17 µs, on the event-loop thread (BENCHMARKS.md).
 *
 * Consistency of the caches:
 * - every write to `api_keys`, `integrated_accounts` or `tenants` made through this process's
 *   connection (Kysely included: the statement wrapper in db.ts sees them) empties them,
 *   synchronously, when the statement runs;
 * - every write committed by another connection (the CLI, another process on the same file)
 *   changes SQLite's `PRAGMA data_version` for this connection, which is read before each API-key
 *   lookup (≈4 µs: two fcntl locks and an fstat); a change empties them. The account lookup that
 *   follows in the same request reuses that check when it is at most 1 ms old (`fresh`).
 * So a revoked key is refused, and changed credentials are used, from the next request on,
 * whoever made the change. PostgreSQL has no such signal: there the caches are off and every
 * request reads the rows (a changed row is seen at once by every process).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Checkpointer } from './checkpointer.js';

/** A bounded map: the oldest entry goes when it is full (entries are re-inserted on use). */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

/** The tables whose rows the caches hold; a write to any of them empties every cache. */
export const CACHED_TABLES = /\b(api_keys|integrated_accounts|tenants)\b/i;

export class Embedded {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly caches: Array<Lru<unknown>> = [];
  private readonly dataVersion: Database.Statement;
  private seenVersion: unknown;
  /** How often the caches were emptied (own writes, other connections' commits). */
  invalidations = 0;

  /** SQLite's `synchronous` setting of the connection (FULL by default), restored after each group commit. */
  private readonly synchronous: number;
  /** Makes everything written to the WAL file so far durable (fdatasync, off the event loop). */
  private readonly syncWal: () => Promise<void>;

  /** WAL checkpoints on a worker thread, started with the first group commit (checkpointer.ts). */
  readonly checkpointer: Checkpointer | undefined;

  constructor(readonly database: Database.Database, opts: { syncWal?: () => Promise<void>; checkpointer?: Checkpointer } = {}) {
    this.checkpointer = opts.checkpointer;
    this.dataVersion = database.prepare('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get();
    this.synchronous = Number(database.pragma('synchronous', { simple: true }));
    const walPath = `${database.name}-wal`;
    // One handle on the WAL file for the connection's life: SQLite removes that file only when
    // the last connection closes (a checkpoint may truncate it, never replace it).
    this.syncWal =
      opts.syncWal ??
      (async () => {
        this.wal ??= open(walPath, 'r');
        try {
          await (await this.wal).datasync();
        } catch (err) {
          // The next sync opens the file again.
          this.closeWal();
          throw err;
        }
      });
  }

  private wal: Promise<FileHandle> | undefined;

  /** Stops the checkpoint worker and releases the WAL handle (the store is closing). */
  close(): void {
    this.checkpointer?.close();
    this.closeWal();
  }

  private closeWal(): void {
    const wal = this.wal;
    this.wal = undefined;
    void wal?.then((fh) => fh.close()).catch(() => undefined);
  }

  /**
   * A prepared statement for `sql`, or undefined while a transaction is open on the connection
   * (a statement run now would join it: the caller goes through Kysely, which waits its turn)
   * or a statement is being iterated.
   */
  statement(sql: string): Database.Statement | undefined {
    if (this.database.inTransaction) return undefined;
    const stmt = this.prepared(sql);
    return stmt.busy ? undefined : stmt;
  }

  private prepared(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.database.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Group commit: runs the write in one transaction with the other writes queued in the same
   * turn of the event loop, and resolves once that transaction is committed and on disk. One
   * commit for the batch instead of one per write (the batch's rows share pages), and the fsync
   * off the event loop: the batch commits with `synchronous = NORMAL` (no fsync inside COMMIT,
   * which blocked the event loop ~0.4 ms per commit here), then the WAL file is fdatasync'ed on
   * libuv's thread pool, and only then are the writers resolved — the guarantee `synchronous =
   * FULL` gives (SQLite's FULL is exactly a WAL sync at each commit), without the wait on the
   * main thread. Writes made while a sync runs are committed together when it ends (they would
   * wait for the next sync anyway), so each sync carries one commit. Every other statement
   * (Kysely's) keeps the connection's own setting. A write that fails on its own (a constraint)
   * rejects alone; a failed commit rejects the whole batch, none of it stored; a failed sync
   * rejects the batches it was for (committed, but not known to be on disk). Like any SQLite
   * reader, a query on this connection sees a batch once it is committed, before its sync.
   */
  write(sql: string, params: unknown[]): Promise<void> {
    this.writes++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ sql, params, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes waiting for the next group commit, and batches committed so far (for tests and the bench). */
  get pendingWrites(): number {
    return this.queue.length;
  }
  batches = 0;
  writes = 0;

  private queue: Array<{ sql: string; params: unknown[]; resolve: () => void; reject: (err: unknown) => void }> = [];
  private flushScheduled = false;

  private flush(): void {
    this.flushScheduled = false;
    const db = this.database;
    if (!db.open) {
      const batch = this.queue.splice(0);
      for (const w of batch) w.reject(new Error('the store is closed'));
      return;
    }
    // The checkpoint worker is catching the log up so that it can start over (checkpointer.ts).
    if (this.checkpointer?.holding) {
      this.flushScheduled = true;
      this.checkpointer.afterHold(() => this.flush());
      return;
    }
    // A WAL sync is running: its writers wait for it to end, and so can these, which would only
    // wait for the next sync anyway. Committed together when it ends, they share pages (the
    // table's last pages, the id and tenant indexes) that separate commits would each write to
    // the log again, and one BEGIN/COMMIT.
    if (this.syncing && this.synchronous >= 2) {
      this.commitAfterSync = true;
      return;
    }
    // Someone else's transaction is open (Kysely's, across awaits): wait for it to end.
    if (db.inTransaction) {
      this.flushScheduled = true;
      setTimeout(() => this.flush(), 1);
      return;
    }
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    this.checkpointer?.start();
    const failed = new Map<number, unknown>();
    const deferSync = this.synchronous >= 2;
    try {
      if (deferSync) this.prepared('PRAGMA synchronous = NORMAL').run();
      this.prepared('BEGIN').run();
      batch.forEach((w, i) => {
        try {
          this.prepared(w.sql).run(w.params);
        } catch (err) {
          failed.set(i, err);
          // Most errors undo only their statement; some (disk full, I/O) end the transaction.
          if (!db.inTransaction) throw err;
        }
      });
      this.prepared('COMMIT').run();
      this.batches++;
    } catch (err) {
      if (db.inTransaction) {
        try {
          db.prepare('ROLLBACK').run();
        } catch {
          // nothing more to undo
        }
      }
      for (const w of batch) w.reject(err);
      return;
    } finally {
      if (deferSync) this.prepared(`PRAGMA synchronous = ${this.synchronous}`).run();
    }
    const settle = (syncError?: unknown) =>
      batch.forEach((w, i) => (failed.has(i) ? w.reject(failed.get(i)) : syncError !== undefined ? w.reject(syncError) : w.resolve()));
    if (!deferSync) return settle();
    this.waitForSync(settle);
  }

  private syncWaiters: Array<(err?: unknown) => void> = [];
  private syncing = false;
  /** WAL syncs run (for tests and the bench). */
  syncs = 0;

  /** Calls `done` after a WAL sync that started after this call (one sync serves all waiting batches). */
  private waitForSync(done: (err?: unknown) => void): void {
    this.syncWaiters.push(done);
    if (!this.syncing) this.startSync();
  }

  private startSync(): void {
    const waiters = this.syncWaiters.splice(0);
    this.syncing = true;
    this.syncs++;
    this.syncWal().then(
      () => this.syncDone(waiters),
      (err: unknown) => this.syncDone(waiters, err ?? new Error('WAL sync failed')),
    );
  }

  private syncDone(waiters: Array<(err?: unknown) => void>, err?: unknown): void {
    this.syncing = false;
    for (const w of waiters) w(err);
    if (this.commitAfterSync) {
      this.commitAfterSync = false;
      this.flush();
    }
    if (this.syncWaiters.length && !this.syncing) this.startSync();
  }

  /** Writes arrived while a sync ran: commit them when it ends (see flush). */
  private commitAfterSync = false;

  cache<V>(max: number): Lru<V> {
    const c = new Lru<V>(max);
    this.caches.push(c as Lru<unknown>);
    return c;
  }

  /** Empties every cache: a cached table was written through this connection. */
  invalidate(): void {
    this.invalidations++;
    for (const c of this.caches) c.clear();
  }

  /** When `data_version` was last read (performance.now()). */
  private checkedAt = -Infinity;
  /** `data_version` reads, and checks that reused a recent one (for tests and the bench). */
  checks = 0;
  reusedChecks = 0;

  /**
   * Call right before reading a cache (same tick): empties the caches when another connection
   * committed since the last check. Returns false when the caches must not be used (open
   * transaction).
   *
   * `reuseMs`: a check made at most that long ago is taken as this one (no read). Only for
   * lookups that follow a real check made for the same request: API keys always check (reuseMs
   * 0), every request authenticates first, and checks only move forward in time, so a reused
   * check is never older than the request's own; the bound keeps a long request from going on
   * with an old one.
   */
  fresh(reuseMs = 0): boolean {
    if (this.database.inTransaction) return false;
    const now = performance.now();
    if (reuseMs > 0 && now - this.checkedAt <= reuseMs) {
      this.reusedChecks++;
      return true;
    }
    this.checks++;
    const v = this.dataVersion.get();
    this.checkedAt = now;
    if (v !== this.seenVersion) {
      this.seenVersion = v;
      this.invalidate();
    }
    return true;
  }
}

const embedded = new WeakMap<object, Embedded>();

export function registerEmbedded(db: Kysely<any>, e: Embedded): void {
  embedded.set(db, e);
}

/** The fast path of an embedded SQLite store; undefined on PostgreSQL. */
export function embeddedOf(db: Kysely<any>): Embedded | undefined {
  return embedded.get(db);
}
