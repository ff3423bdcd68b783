/**
 * WAL checkpoints off the event loop.
 *
 * In WAL mode SQLite copies the log back into the database file ("checkpoint") from inside the
 * COMMIT that takes the log past `wal_autocheckpoint` pages (1,000 by default): ~4 MB of page
 * writes and two fsyncs (log, then database file), here 19–26 ms during which the event loop,
 * and every request in flight, waited (scratch measurement: p99 of a 30-row commit 18.7 ms with
 * autocheckpoint, 0.76 ms without). Under the bench's load that happened every ~0.4 s.
 *
 * Instead, a worker thread with its own connection to the same file runs a PASSIVE checkpoint
 * every `intervalMs`, and the service's connection stops checkpointing (`wal_autocheckpoint = 0`).
 * A PASSIVE checkpoint never waits for readers or writers: it copies what it can and leaves the
 * rest to the next round; with the whole log copied, the next write starts the log over (SQLite's
 * WAL restart), so the log stays bounded while the store is in use. Its connection is FULL: the
 * log is synced before pages are copied and the database file after, as SQLite's own checkpoint
 * does. Checkpoints change no content, so the other connections' `data_version` stays the same
 * and no read cache is emptied by them.
 *
 * If the worker cannot start or stops on an error, the service's connection checkpoints by
 * itself again (`wal_autocheckpoint = 1000`): slower, never unsafe.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const require = createRequire(import.meta.url);

/** The worker, as CommonJS source (an eval worker: the same code under tsx, vitest and dist). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = FULL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let timer;
let closed = false;
function round() {
  if (closed) return;
  try {
    const r = checkpoint.get();
    parentPort.postMessage({ type: 'checkpoint', busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    // SQLITE_BUSY: another connection is checkpointing; try again next round.
    if (!(err && err.code === 'SQLITE_BUSY')) throw err;
  }
  timer = setTimeout(round, workerData.intervalMs);
}
parentPort.on('message', (m) => {
  if (m !== 'close' || closed) return;
  closed = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
timer = setTimeout(round, workerData.intervalMs);
`;

/** SQLite's default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerStats {
  running: boolean;
  /** Checkpoint rounds run. */
  rounds: number;
  /** Pages copied into the database file, over all rounds (a page copied twice counts twice). */
  pagesCopied: number;
  /** Pages in the log at the last round. */
  logPages: number;
  /** Why the worker stopped, if it did (the service's connection checkpoints again). */
  failure: string | null;
}

export class Checkpointer {
  private worker: Worker | undefined;
  private closing = false;
  private lastLog = 0;
  private lastCopied = 0;
  readonly stats: CheckpointerStats = { running: false, rounds: 0, pagesCopied: 0, logPages: 0, failure: null };
  /** Told (once) why the worker stopped; the service logs it. */
  onFailure: ((reason: string) => void) | undefined;
  /** Resolves when the worker's connection is open (or it failed); for tests. */
  readonly ready: Promise<void>;
  private onReady: () => void = () => undefined;

  constructor(
    private readonly database: Database.Database,
    private readonly opts: { intervalMs?: number; driver?: string } = {},
  ) {
    this.ready = new Promise((resolve) => (this.onReady = resolve));
  }

  /** Starts the worker (once) and turns the connection's own checkpoints off. */
  start(): void {
    if (this.worker || this.closing || this.stats.failure || !this.database.open || this.database.memory) return;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { driver: this.opts.driver ?? require.resolve('better-sqlite3'), file: this.database.name, intervalMs: this.opts.intervalMs ?? 200 },
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
        stdout: true,
        stderr: true,
      });
    } catch (err) {
      this.fail(err);
      return;
    }
    this.worker = worker;
    worker.unref();
    worker.on('message', (m: { type: string; busy?: number; log?: number; checkpointed?: number }) => {
      if (m.type === 'ready') {
        this.stats.running = true;
        this.onReady();
      } else if (m.type === 'checkpoint') this.counted(m.log ?? 0, m.checkpointed ?? 0);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      if (!this.closing) this.fail(new Error('the checkpoint worker exited'));
      this.worker = undefined;
      this.stats.running = false;
      this.onReady();
    });
    this.database.pragma('wal_autocheckpoint = 0');
  }

  private counted(log: number, checkpointed: number): void {
    this.stats.rounds++;
    this.stats.logPages = log;
    // The counters are for the current log; a smaller log means it started over.
    const copied = log < this.lastLog || checkpointed < this.lastCopied ? checkpointed : checkpointed - this.lastCopied;
    this.stats.pagesCopied += Math.max(0, copied);
    this.lastLog = log;
    this.lastCopied = checkpointed;
  }

  private fail(err: unknown): void {
    if (this.stats.failure) return;
    // Only the message: the worker has no credentials, and no stack leaves the process.
    this.stats.failure = err instanceof Error ? err.message.slice(0, 200) : 'the checkpoint worker failed';
    this.stats.running = false;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.database.open) this.database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    this.onReady();
    this.onFailure?.(this.stats.failure);
  }

  /** Stops the worker (the store is closing); its connection closes on its own thread. */
  close(): void {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.stats.running = false;
    worker.postMessage('close');
  }
}
