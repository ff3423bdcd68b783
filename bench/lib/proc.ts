/** Parent side of bench/lib/ipc.ts: start a child, call it, read its memory, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { procMemory, type ProcStats } from './ipc.js';

export interface Child {
  name: string;
  pid: number;
  ready: Record<string, any>;
  call<T = any>(method: string, args?: unknown, timeoutMs?: number): Promise<T>;
  stats(): Promise<ProcStats>;
  /** Peak RSS in bytes: /proc VmHWM where available, else the child's own maxRSS. */
  peakRss(): Promise<number>;
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  execArgv?: string[];
  startTimeoutMs?: number;
  /** The child's stdout: the service logs a line per request, which the bench sends to /dev/null. */
  stdout?: 'inherit' | 'ignore';
}

/** Starts `dist/bench/<script>` as a child with an IPC channel and waits for its `ready` message. */
export async function startChild(name: string, script: string, opts: StartOptions = {}): Promise<Child> {
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const proc: ChildProcess = fork(file, [], {
    env: { ...process.env, ...opts.env },
    execArgv: opts.execArgv ?? [],
    stdio: ['ignore', opts.stdout ?? 'inherit', 'inherit', 'ipc'],
  });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${name}: could not start`);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      for (const p of pending.values()) p.reject(new Error(`${name} exited (code ${code})`));
      pending.clear();
      resolve(code);
    });
  });
  const ready = await new Promise<Record<string, any>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after ${opts.startTimeoutMs ?? 60_000} ms`)), opts.startTimeoutMs ?? 60_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code})`));
    });
    proc.on('message', (msg: any) => {
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve(msg);
        return;
      }
      const p = typeof msg?.id === 'number' ? pending.get(msg.id) : undefined;
      if (!p) return;
      pending.delete(msg.id);
      if ('error' in msg) p.reject(new Error(`${name}: ${msg.error}`));
      else p.resolve(msg.result);
    });
  });

  const call = <T>(method: string, args?: unknown, timeoutMs = 600_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name}: ${method} did not answer in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      proc.send({ id, method, args });
    });

  return {
    name,
    pid,
    ready,
    call,
    stats: () => call<ProcStats>('stats'),
    async peakRss() {
      const fromProc = procMemory(pid);
      if (fromProc) return fromProc.hwmBytes;
      return (await call<ProcStats>('stats')).maxRssBytes;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        await call('stop', undefined, 60_000);
      } catch {
        // fall through to the kill below
      }
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
      if (code === 'timeout') proc.kill('SIGKILL');
    },
    exited,
  };
}
