/**
 * What the embedded store's worker threads (checkpointer.ts, writer.ts) share: how one is started
 * and how its failure is told.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * Starts `source` (CommonJS) as an eval worker: the same code under tsx, vitest and dist. Its
 * `workerData` gets `driver`, the module path of better-sqlite3 (or `driver`, for tests). The
 * worker does not keep the process alive; its stdout and stderr stay in the process.
 */
export function startStoreWorker(source: string, data: Record<string, unknown>, opts: { driver?: string; maxOldGenerationSizeMb: number }): Worker {
  const worker = new Worker(source, {
    eval: true,
    workerData: { ...data, driver: opts.driver ?? require.resolve('better-sqlite3') },
    // Small: each worker costs ~10 MB of RSS all the same (its isolate).
    resourceLimits: { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 1 },
    stdout: true,
    stderr: true,
  });
  worker.unref();
  return worker;
}

/**
 * Why a worker stopped, fit to log: the first line of the message only. The workers hold no
 * credentials, and no stack (or Node's "Require stack" list) leaves the process.
 */
export function failureReason(err: unknown, fallback: string): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '').slice(0, 200) || fallback : fallback;
}
