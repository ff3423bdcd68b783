/**
 * The embedded SQLite store's fast path: the few statements that run on every request (API key,
 * account, audit start and finish) executed as prepared better-sqlite3 statements, hot-path
 * writes group-committed off the event loop (`write`, writer.ts), and read caches for API keys
 * and accounts that can never serve a row another writer has changed.
 *
 * Why: through Kysely each of those statements cost ~30 µs of query building, compiling and
 * mutex hand-offs on top of SQLite's own ~5–17 µs, on the event-loop thread (BENCHMARKS.md).
 *
 * Consistency of the caches:
 * - every write to `api_keys`, `integrated_accounts` or `tenants` made through this process's
 *   connection (Kysely included: the statement wrapper in db.ts sees them) empties them,
 *   synchronously, when the statement runs;
 * - every write to those tables committed by another connection (the CLI, another process on
 *   the same file) bumps the store's cache generation (`store_generation`, kept by triggers on
 *   those tables, migration 0007), which is read before each API-key lookup (≈3 µs: a read
 *   transaction's locks); a change empties them. The account lookup that follows in the same
 *   request reuses that check when it is at most 1 ms old (`fresh`). The generation, not
 *   SQLite's `data_version`: that one changes with every commit of any table, and the store
 *   writer's connection commits audit records hundreds of times a second.
 * So a revoked key is refused, and changed credentials are used, from the next request on,
 * whoever made the change. PostgreSQL has no such signal: there the caches are off and every
 * request reads the rows (a changed row is seen at once by every process).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Checkpointer } from './checkpointer.js';
import type { WriteWorker } from './writer.js';

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
  /** What `fresh` reads: the cache generation once the schema has it, `data_version` before. */
  private version: Database.Statement;
  private seenVersion: unknown;
  /** How often the caches were emptied (own writes, other connections' commits). */
  invalidations = 0;

  /** SQLite's `synchronous` setting of the connection (FULL by default), restored after each group commit. */
  private readonly synchronous: number;
  /** Makes everything written to the WAL file so far durable (fdatasync, off the event loop). */
  private readonly syncWal: () => Promise<void>;

  /** WAL checkpoints on a worker thread, started with the first group commit (checkpointer.ts). */
  readonly checkpointer: Checkpointer | undefined;
  /** Group commits on a worker thread, started with the first one (writer.ts). */
  readonly writer: WriteWorker | undefined;

  constructor(readonly database: Database.Database, opts: { syncWal?: () => Promise<void>; checkpointer?: Checkpointer; writer?: WriteWorker } = {}) {
    this.checkpointer = opts.checkpointer;
    this.writer = opts.writer;
    this.version = database.prepare('PRAGMA data_version').pluck();
    this.seenVersion = this.version.get();
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

  /**
   * Reads the cache generation from now on (the migrations have run). Empties the caches once:
   * the generation is another counter than the one read so far.
   */
  useGeneration(): void {
    let stmt: Database.Statement;
    try {
      stmt = this.database.prepare('select "value" from "store_generation" where "id" = 1').pluck();
    } catch {
      return; // not this schema (a raw database in tests): data_version stays
    }
    this.version = stmt;
    this.seenVersion = stmt.get();
    this.invalidate();
  }

  /** Starts the store writer now rather than with the first write (a server's first request need not wait for it). */
  warm(): void {
    this.writer?.available();
  }

  /** Stops the workers and releases the WAL handle (the store is closing). */
  close(): void {
    this.writer?.close();
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
   * turn of the event loop, and resolves (with the rows it changed) once that transaction is
   * committed and on disk. One commit for the batch instead of one per write (the batch's rows
   * share pages). Only for tables the read caches do not hold.
   *
   * Where the commit runs:
   * - on the store writer's thread (writer.ts) when there is one: a second connection, FULL, the
   *   WAL synced inside COMMIT there; the event loop only hands the batch over;
   * - otherwise (no worker, or it stopped) on this connection: the batch commits with
   *   `synchronous = NORMAL` (no fsync inside COMMIT, which blocked the event loop ~0.4 ms per
   *   commit), then the WAL file is fdatasync'ed on libuv's thread pool, and only then are the
   *   writers resolved — the guarantee `synchronous = FULL` gives (SQLite's FULL is exactly a WAL
   *   sync at each commit). Every other statement (Kysely's) keeps the connection's own setting.
   * Either way one batch is committing at a time: writes made meanwhile are committed together
   * when it ends (they share pages that separate commits would each write to the log again). A
   * write that fails on its own (a constraint) rejects alone; a failed commit rejects the whole
   * batch, none of it stored; a failed sync rejects the batches it was for (committed, but not
   * known to be on disk). Like any SQLite reader, a query on this connection sees a batch once
   * it is committed.
   */
  write(sql: string, params: unknown[]): Promise<number> {
    if (!this.writable.has(sql)) {
      if (CACHED_TABLES.test(sql)) throw new Error('group-committed writes are for tables the read caches do not hold');
      this.writable.add(sql);
    }
    this.writes++;
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ sql, params, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Rows a retention sweep (audit records, idempotency keys) removes per write: see deleteInChunks. */
  static readonly SWEEP_CHUNK = 2_000;

  /**
   * A large delete as a series of writes: `sql` removes at most `chunk` rows (its last
   * parameter) and runs again until it removes fewer. Each chunk is one write, so the lock is
   * never held long and other batches take turns with it. Returns the rows removed.
   */
  async deleteInChunks(sql: string, params: unknown[], chunk: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const n = await this.write(sql, [...params, chunk]);
      removed += n;
      if (n < chunk) return removed;
    }
  }

  /** Resolves once every write made so far has been committed or has failed (the store is closing). */
  async drain(): Promise<void> {
    while (this.queue.length || this.committing || this.flushScheduled) await new Promise((r) => setTimeout(r, 1));
  }

  /** Statements `write` has checked (a fixed few, parameterised: no regex over them on every request). */
  private readonly writable = new Set<string>();

  /** Writes waiting for the next group commit, and batches committed so far (for tests and the bench). */
  get pendingWrites(): number {
    return this.queue.length;
  }
  batches = 0;
  writes = 0;

  private queue: Array<{ sql: string; params: unknown[]; resolve: (changes: number) => void; reject: (err: unknown) => void }> = [];
  private flushScheduled = false;
  /** A batch is being committed (and synced): the next one waits for it. */
  private committing = false;

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
    // A batch is committing: these writes would only wait for the next sync anyway; committed
    // together when it ends, they share pages (the table's last pages, the id and tenant
    // indexes) that separate commits would each write to the log again, and one BEGIN/COMMIT.
    if (this.committing) {
      this.flushWhenDone = true;
      return;
    }
    const writer = this.writer?.available() ? this.writer : undefined;
    if (writer && this.queue.length) {
      if (writer.starting) {
        this.flushScheduled = true;
        writer.whenStarted(() => this.flush());
        return;
      }
      if (writer.ready) return this.commitOnWriter(writer);
    }
    this.commitHere();
  }

  /** The batch on the store writer's thread (writer.ts). */
  private commitOnWriter(writer: WriteWorker): void {
    const batch = this.queue.splice(0);
    this.checkpointer?.start();
    this.committing = true;
    writer.commit(
      batch.map((w) => ({ sql: w.sql, params: w.params })),
      (results) => {
        if (results instanceof Error) {
          for (const w of batch) w.reject(results);
        } else {
          this.batches++;
          this.syncs++;
          batch.forEach((w, i) => {
            const r = results[i];
            if (typeof r === 'number') w.resolve(r);
            else w.reject(r ?? new Error('the store writer gave no result for a write'));
          });
        }
        this.batchDone();
      },
    );
  }

  /** The batch on this connection, its WAL sync on the thread pool. */
  private commitHere(): void {
    const db = this.database;
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
    const changes: number[] = [];
    const deferSync = this.synchronous >= 2;
    try {
      if (deferSync) this.prepared('PRAGMA synchronous = NORMAL').run();
      this.prepared('BEGIN').run();
      batch.forEach((w, i) => {
        try {
          changes[i] = this.prepared(w.sql).run(w.params).changes;
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
      batch.forEach((w, i) => (failed.has(i) ? w.reject(failed.get(i)) : syncError !== undefined ? w.reject(syncError) : w.resolve(changes[i] ?? 0)));
    if (!deferSync) return settle();
    this.committing = true;
    this.syncs++;
    this.syncWal().then(
      () => settle(),
      (err: unknown) => settle(err ?? new Error('WAL sync failed')),
    ).finally(() => this.batchDone());
  }

  /** WAL syncs run (for tests and the bench; on the writer's thread, one per commit). */
  syncs = 0;

  private batchDone(): void {
    this.committing = false;
    if (this.flushWhenDone) {
      this.flushWhenDone = false;
      this.flush();
    }
  }

  /** Writes arrived while a batch was committing: commit them when it ends (see flush). */
  private flushWhenDone = false;

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

  /** When the generation (or `data_version`) was last read (performance.now()). */
  private checkedAt = -Infinity;
  /** Generation reads, and checks that reused a recent one (for tests and the bench). */
  checks = 0;
  reusedChecks = 0;

  /**
   * Call right before reading a cache (same tick): empties the caches when another connection
   * changed a cached table since the last check. Returns false when the caches must not be used (open
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
    const v = this.version.get();
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
