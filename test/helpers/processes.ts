import type { ChildProcess } from 'node:child_process';

/**
 * SIGTERM to the process group of a child spawned with `detached: true` (so `npm run x` and the
 * node process it runs both get it); resolves when the child has exited.
 */
export function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}
