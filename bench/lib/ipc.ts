/**
 * The small RPC used between the bench orchestrator and its child processes (node IPC channel).
 * Child side: `serve(handlers)` answers `{ id, method, args }` with `{ id, result }` or `{ id, error }`
 * and announces itself with `{ type: 'ready', ...info }`. Every child answers `stats` (its own
 * memory and CPU figures) and `stop` (close and exit, so --cpu-prof can write its profile).
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

export interface ProcStats {
  pid: number;
  /** process.resourceUsage().maxRSS, in bytes. */
  maxRssBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  /** CPU time used by the process so far (user + system), in microseconds. */
  cpuMicros: number;
  /** process.hrtime.bigint() in microseconds: the clock V8 CPU profiles use for their timestamps. */
  hrtimeMicros: number;
  /** Event-loop time so far (performance.eventLoopUtilization): the main thread running callbacks, and waiting for events. */
  loopActiveMs: number;
  loopIdleMs: number;
}

export function ownStats(): ProcStats {
  const ru = process.resourceUsage();
  const mem = process.memoryUsage();
  const elu = performance.eventLoopUtilization();
  return {
    pid: process.pid,
    maxRssBytes: ru.maxRSS * 1024,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    heapTotalBytes: mem.heapTotal,
    externalBytes: mem.external,
    cpuMicros: ru.userCPUTime + ru.systemCPUTime,
    hrtimeMicros: Number(process.hrtime.bigint() / 1000n),
    loopActiveMs: elu.active,
    loopIdleMs: elu.idle,
  };
}

/** VmHWM (peak RSS) and VmRSS of a process from /proc, in bytes; undefined where /proc is absent. */
export function procMemory(pid: number): { hwmBytes: number; rssBytes: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const hwmBytes = kb('VmHWM');
    const rssBytes = kb('VmRSS');
    return Number.isFinite(hwmBytes) ? { hwmBytes, rssBytes } : undefined;
  } catch {
    return undefined;
  }
}

type Handler = (args: any) => unknown;

let allocSession: Session | undefined;

interface RpcRequest {
  id: number;
  method: string;
  args?: unknown;
}

/** Child side. `onStop` runs before the process exits (close servers, remove temp files). */
export function serve(ready: Record<string, unknown>, handlers: Record<string, Handler>, onStop: () => Promise<void> | void = () => undefined): void {
  if (!process.send) throw new Error('bench child processes are started by bench/run.js (no IPC channel)');
  const all: Record<string, Handler> = {
    stats: () => ownStats(),
    /** A full GC first (when the child runs with --expose-gc), then the stats: what is really retained. */
    statsAfterGc: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return ownStats();
    },
    /**
     * V8's sampling heap profiler, counting every sampled allocation, also those collected since
     * (the flags below): where the process allocates, not what it retains.
     */
    startAllocationSampling: async (args: { intervalBytes?: number; survivorsOnly?: boolean } = {}) => {
      allocSession ??= new Session();
      allocSession.connect();
      await allocSession.post('HeapProfiler.enable');
      await allocSession.post('HeapProfiler.startSampling', {
        samplingInterval: args.intervalBytes ?? 16_384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: !args.survivorsOnly,
      });
      return true;
    },
    stopAllocationSampling: async () => {
      if (!allocSession) throw new Error('allocation sampling was not started');
      const { profile } = await allocSession.post('HeapProfiler.stopSampling');
      allocSession.disconnect();
      allocSession = undefined;
      return profile;
    },
    ...handlers,
  };
  process.on('message', (msg: RpcRequest) => {
    if (!msg || typeof msg.id !== 'number') return;
    if (msg.method === 'stop') {
      Promise.resolve()
        .then(onStop)
        .finally(() => {
          process.send?.({ id: msg.id, result: 'stopped' }, () => process.exit(0));
        });
      return;
    }
    const handler = all[msg.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown method ${msg.method}`);
        return handler(msg.args);
      })
      .then(
        (result) => process.send?.({ id: msg.id, result }),
        (err: unknown) => process.send?.({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
  });
  // The orchestrator going away ends the child too.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', ...ready });
}
