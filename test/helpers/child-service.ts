/**
 * The service as a child process (`src/main.ts` through Vite's module runner, as the demo runs:
 * nothing to build first), for tests that kill it (`kill -9`) and start it again on the same
 * store: its own DATA_DIR, or a PostgreSQL schema on the PostgreSQL run.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export interface ChildService {
  child: ChildProcess;
  url: string;
  /** Everything it printed (stdout and stderr: its log lines). */
  output: () => string;
  /** SIGKILL: no handler runs, nothing is flushed or closed. Resolves once it has exited. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop); resolves once it has exited. */
  stop(): Promise<void>;
}

export function startChildService(env: Record<string, string>): Promise<ChildService> {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not start:\n${out.slice(-2000)}`));
    }, 90_000);
    const check = () => {
      const m = /listening on (http:\/\/[^/\s]+)\/graphql/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ child, url: m[1]!, output: () => out, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code ?? sig}) before listening:\n${out.slice(-2000)}`));
    });
  });
}
