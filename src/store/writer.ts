/**
 * Group commits on a worker thread: the embedded store's hot-path writes (audit start and
 * finish, idempotency keys) run on a second connection to the same file, in a worker, so the
 * SQLite work of a commit (the statements, the WAL pages, the fsync) leaves the event loop.
 *
 * Why: with the commits on the event loop, the store took ~15 % of the service's main-thread
 * time under the bench's load (CPU profile: the statements and COMMIT ~9 %, cache checks 2 %,
 * the rest around them) while the machine had a quarter of its CPU idle: the main thread is
 * what limits throughput, so work moved off it is throughput gained (BENCHMARKS.md).
 *
 * The worker knows nothing of the service: it receives batches of `{ sql, params }`, runs each
 * batch as one `BEGIN IMMEDIATE … COMMIT` with `synchronous = FULL` (the WAL is synced inside
 * COMMIT, on the worker's thread), and answers with each write's `changes` or its error. A write
 * that fails alone (a constraint) fails alone; a failed BEGIN or COMMIT fails the whole batch,
 * none of it stored. The caller (Embedded.write) sends one batch at a time and resolves a write
 * only when its batch is committed and synced: the same guarantee as a FULL commit on the
 * service's own connection.
 *
 * The worker's connection does not checkpoint while the checkpoint worker runs
 * (`wal_autocheckpoint = 0`, checkpointer.ts); it does again if that one stops. Errors cross the
 * thread as their first line and SQLite code: statements carry deletion records and idempotency
 * rows, never credentials.
 */
import type { Worker } from 'node:worker_threads';
import { failureReason, startStoreWorker } from './store-worker.js';

/** The worker, as CommonJS source (an eval worker: the same code under tsx, vitest and dist). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('wal_autocheckpoint = ' + workerData.autocheckpoint);
db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
const statements = new Map();
function prepared(sql) {
  let s = statements.get(sql);
  if (!s) {
    s = db.prepare(sql);
    statements.set(sql, s);
  }
  return s;
}
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
function errorOf(err) {
  const message = err && typeof err.message === 'string' ? err.message : String(err);
  return { message: message.split('\\n')[0].slice(0, 500), code: err && typeof err.code === 'string' ? err.code : undefined };
}
parentPort.on('message', (m) => {
  if (m.type === 'batch') {
    const results = new Array(m.writes.length);
    try {
      begin.run();
      for (let i = 0; i < m.writes.length; i++) {
        const w = m.writes[i];
        try {
          results[i] = prepared(w.sql).run(w.params).changes;
        } catch (err) {
          results[i] = { error: errorOf(err) };
          // Most errors undo only their statement; some (disk full, I/O) end the transaction.
          if (!db.inTransaction) throw err;
        }
      }
      commit.run();
      parentPort.postMessage({ type: 'done', id: m.id, results });
    } catch (err) {
      if (db.inTransaction) {
        try {
          db.prepare('ROLLBACK').run();
        } catch {
          // nothing more to undo
        }
      }
      parentPort.postMessage({ type: 'done', id: m.id, error: errorOf(err) });
    }
  } else if (m.type === 'autocheckpoint') {
    db.pragma('wal_autocheckpoint = ' + m.pages);
  } else if (m.type === 'close') {
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

export interface Write {
  sql: string;
  params: unknown[];
}

/** What one write of a committed batch came to: the rows it changed, or its own error. */
export type WriteResult = number | Error;

/** An error from the worker's connection, as SQLite reported it (first line, code). */
export class StoreWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

type Reply = { type: 'ready' } | { type: 'done'; id: number; results?: Array<number | { error: { message: string; code?: string } }>; error?: { message: string; code?: string } };

export class WriteWorker {
  private worker: Worker | undefined;
  private state: 'new' | 'starting' | 'ready' | 'stopped' = 'new';
  private readonly waiting: Array<() => void> = [];
  private pending: { id: number; done: (r: WriteResult[] | Error) => void } | undefined;
  private nextId = 1;
  /** Why the worker stopped, when it failed (the store commits on its own connection again). */
  failure: string | null = null;
  /** Told (once) why the worker stopped; the service logs it. */
  onFailure: ((reason: string) => void) | undefined;

  constructor(
    private readonly file: string,
    private readonly opts: { driver?: string; busyTimeoutMs?: number; checkpointsElsewhere: () => boolean; journalSizeLimit?: number },
  ) {}

  /**
   * Whether batches go to the worker (starting it on first use), rather than to the caller's own
   * connection: false once it has stopped.
   */
  available(): boolean {
    if (this.state === 'new') this.start();
    return this.state === 'starting' || this.state === 'ready';
  }

  get starting(): boolean {
    return this.state === 'starting';
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Runs `fn` once the worker is ready or has failed to start (at once when it is past starting). */
  whenStarted(fn: () => void): void {
    if (this.state === 'starting') this.waiting.push(fn);
    else fn();
  }

  private start(): void {
    this.state = 'starting';
    let worker: Worker;
    try {
      worker = startStoreWorker(
        WORKER_SOURCE,
        {
          file: this.file,
          busyTimeoutMs: this.opts.busyTimeoutMs ?? 5000,
          autocheckpoint: this.opts.checkpointsElsewhere() ? 0 : 1000,
          journalSizeLimit: this.opts.journalSizeLimit ?? 64 * 1024 * 1024,
        },
        // A batch is a few dozen rows.
        { driver: this.opts.driver, maxOldGenerationSizeMb: 32 },
      );
    } catch (err) {
      this.fail(err);
      return;
    }
    this.worker = worker;
    worker.on('message', (m: Reply) => {
      if (m.type === 'ready') {
        if (this.state !== 'starting') return; // closed while it started
        this.state = 'ready';
        for (const fn of this.waiting.splice(0)) fn();
      } else if (m.type === 'done' && this.pending?.id === m.id) {
        const { done } = this.pending;
        this.pending = undefined;
        if (m.error) done(new StoreWriteError(m.error.message, m.error.code));
        else done((m.results ?? []).map((r) => (typeof r === 'number' ? r : new StoreWriteError(r.error.message, r.error.code))));
      }
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      if (this.state !== 'stopped') this.fail(new Error('the store writer exited'));
    });
  }

  /** Sends one batch; `done` gets each write's result, or one error for the whole batch. */
  commit(writes: Write[], done: (r: WriteResult[] | Error) => void): void {
    const worker = this.worker;
    if (this.state !== 'ready' || !worker || this.pending) {
      done(new Error('the store writer is not ready'));
      return;
    }
    const id = this.nextId++;
    this.pending = { id, done };
    worker.postMessage({ type: 'batch', id, writes });
  }

  /** The checkpoint worker stopped: this connection checkpoints by itself again. */
  checkpointHere(): void {
    this.worker?.postMessage({ type: 'autocheckpoint', pages: 1000 });
  }

  private fail(err: unknown): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.failure = failureReason(err, 'the store writer failed');
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    // A batch the worker had may or may not be committed: its writers are told it failed.
    const pending = this.pending;
    this.pending = undefined;
    pending?.done(new Error(`the store writer stopped (${this.failure}); the write may not have been stored`));
    for (const fn of this.waiting.splice(0)) fn();
    this.onFailure?.(this.failure);
  }

  /** Stops the worker once it has finished the batch it has (the store is closing). */
  close(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    for (const fn of this.waiting.splice(0)) fn();
    const worker = this.worker;
    this.worker = undefined;
    // Messages are handled in order: a batch already sent is committed before the close.
    worker?.postMessage({ type: 'close' });
  }
}
