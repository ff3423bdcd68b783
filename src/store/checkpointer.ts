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
 * rest to the next round. Its connection is FULL: the log is synced before pages are copied and
 * the database file after, as SQLite's own checkpoint does. Checkpoints change no content, so the
 * other connections' `data_version` stays the same and no read cache is emptied by them.
 *
 * The log starts over (SQLite's WAL restart) only when a write finds all of it copied; under a
 * steady load group commits append while every round copies, so that never happens by itself
 * (measured: the log grew to 27,000 pages in 30 s). Once the log passes `restartPages`, the
 * service holds its group commits (they wait, the event loop does not) while the worker copies
 * the few pages appended since its last round; the next group commit then starts the log over.
 * A hold lasts one short checkpoint (at most `holdMs`) and happens once per `restartPages`.
 *
 * The store writer's connection (writer.ts), which makes most commits, does not checkpoint
 * either while this worker runs. If the worker cannot start or stops on an error, both
 * connections checkpoint by themselves again (`wal_autocheckpoint = 1000`): slower, never unsafe.
 */
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { failureReason, startStoreWorker } from './store-worker.js';

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
/** One PASSIVE checkpoint, reported as \`type\`; the next round is due \`intervalMs\` after it. */
function checkpointNow(type) {
  clearTimeout(timer);
  try {
    const r = checkpoint.get();
    parentPort.postMessage({ type, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    // SQLITE_BUSY: another connection is checkpointing; try again next round.
    if (!(err && err.code === 'SQLITE_BUSY')) throw err;
    parentPort.postMessage({ type, busy: 1, log: -1, checkpointed: -1 });
  }
  timer = setTimeout(() => closed || checkpointNow('checkpoint'), workerData.intervalMs);
}
parentPort.on('message', (m) => {
  if (closed) return;
  // The service holds its writes: copy what was appended since the last round, now.
  if (m === 'catch-up') return checkpointNow('caught-up');
  if (m !== 'close') return;
  closed = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
timer = setTimeout(() => checkpointNow('checkpoint'), workerData.intervalMs);
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
  /** Times the service held its group commits so that the log could start over, and for how long in all. */
  holds: number;
  heldMs: number;
  /** Why the worker stopped, if it did (the service's connection checkpoints again). */
  failure: string | null;
}

export class Checkpointer {
  private worker: Worker | undefined;
  private closing = false;
  private lastLog = 0;
  private lastCopied = 0;
  readonly stats: CheckpointerStats = { running: false, rounds: 0, pagesCopied: 0, logPages: 0, holds: 0, heldMs: 0, failure: null };
  /** Told (once) why the worker stopped; the service logs it. */
  onFailure: ((reason: string) => void) | undefined;
  /** Resolves when the worker's connection is open (or it failed); for tests. */
  readonly ready: Promise<void>;
  private onReady: () => void = () => undefined;

  constructor(
    private readonly database: Database.Database,
    private readonly opts: { intervalMs?: number; driver?: string; restartPages?: number; holdMs?: number; onStop?: () => void } = {},
  ) {
    this.ready = new Promise((resolve) => (this.onReady = resolve));
  }

  /** Starts the worker (once) and turns the connection's own checkpoints off. */
  start(): void {
    if (this.worker || this.closing || this.stats.failure || !this.database.open || this.database.memory) return;
    let worker: Worker;
    try {
      worker = startStoreWorker(WORKER_SOURCE, { file: this.database.name, intervalMs: this.opts.intervalMs ?? 200 }, { driver: this.opts.driver, maxOldGenerationSizeMb: 16 });
    } catch (err) {
      this.fail(err);
      return;
    }
    this.worker = worker;
    worker.on('message', (m: { type: string; busy?: number; log?: number; checkpointed?: number }) => {
      if (m.type === 'ready') {
        this.stats.running = true;
        this.onReady();
      } else if (m.type === 'checkpoint' || m.type === 'caught-up') {
        // log -1: the round found another connection checkpointing.
        if ((m.log ?? -1) >= 0) this.counted(m.log ?? 0, m.checkpointed ?? 0);
        if (m.type === 'caught-up') this.release();
        else if ((m.log ?? 0) >= (this.opts.restartPages ?? 8192) && !this.holding) this.hold();
      }
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      if (!this.closing) this.fail(new Error('the checkpoint worker exited'));
      this.worker = undefined;
      this.stats.running = false;
      this.onReady();
    });
    this.database.pragma('wal_autocheckpoint = 0');
    // A log that grew while writes were heavy is cut back when it starts over.
    this.database.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  }

  // ---- holding group commits while the log is caught up

  private holdTimer: NodeJS.Timeout | undefined;
  private released: Array<() => void> = [];
  private holdStarted = 0;

  /** Whether group commits must wait (see `afterHold`). */
  get holding(): boolean {
    return this.holdTimer !== undefined;
  }

  /** Runs `fn` once the current hold is over (at once when there is none). */
  afterHold(fn: () => void): void {
    if (this.holding) this.released.push(fn);
    else fn();
  }

  private hold(): void {
    const worker = this.worker;
    if (!worker) return;
    this.stats.holds++;
    this.holdStarted = performance.now();
    this.holdTimer = setTimeout(() => this.release(), this.opts.holdMs ?? 250);
    worker.postMessage('catch-up');
  }

  private release(): void {
    if (!this.holdTimer) return;
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.stats.heldMs += performance.now() - this.holdStarted;
    for (const fn of this.released.splice(0)) fn();
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
    this.stats.failure = failureReason(err, 'the checkpoint worker failed');
    this.stats.running = false;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.database.open) this.database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    // The other connections that write (the store writer's) checkpoint by themselves again too.
    this.opts.onStop?.();
    this.release();
    this.onReady();
    this.onFailure?.(this.stats.failure);
  }

  /** Stops the worker (the store is closing); its connection closes on its own thread. */
  close(): void {
    this.closing = true;
    this.release();
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.stats.running = false;
    worker.postMessage('close');
  }
}
