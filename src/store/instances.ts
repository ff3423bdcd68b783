/**
 * Service instances: every process that runs deletions (the service, the `uud` CLI) has a row
 * with a random id, renewed by a heartbeat, and stamps its attempts and idempotency claims with
 * that id. Whether the owner of an attempt still runs is decided here:
 *
 * - its heartbeat is older than the lease (INSTANCE_LEASE_SECONDS): gone, whatever host it ran
 *   on (a replica that died, a partitioned or frozen process);
 * - it ran on this host (same host name, pid namespace and boot) and its pid no longer runs:
 *   gone at once. This is what lets a service restarted after `kill -9` recover its previous
 *   life's attempts at start-up instead of a lease later, and it is always the case on the
 *   embedded store (SQLite's WAL needs every process on one host);
 * - otherwise alive. A reused pid only delays the verdict until the lease runs out.
 *
 * Errors lean towards "alive": a live owner taken for gone could have a deletion resumed while
 * it still runs it (its next destructive call is then refused: the recovery point only writes
 * to a STARTED record, see AuditStore.checkpoint), a gone one taken for alive only waits.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Compilable, Kysely } from 'kysely';
import type { DB, ServiceInstancesTable } from './db.js';
import { embeddedOf, type Embedded } from './embedded.js';

/** Where a pid means something: the host name, the pid namespace and the boot. */
export function hostKey(): string {
  const read = (f: () => string) => {
    try {
      return f().trim();
    } catch {
      return '';
    }
  };
  const pidNamespace = read(() => readlinkSync('/proc/self/ns/pid'));
  const boot = read(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
  return [hostname(), pidNamespace, boot].join('|');
}

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
export function pidRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface InstanceOptions {
  /** A heartbeat older than this means the process is gone. */
  leaseMs: number;
  /** Tests: another host key or pid than this process's. */
  host?: string;
  pid?: number;
}

export class InstanceRegistry {
  readonly id = `ins_${randomUUID()}`;
  readonly host: string;
  readonly pid: number;
  private startedAt = new Date();
  private registered = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly fast: Embedded | undefined;
  /** Called when this process found its own row gone (another process took it for gone). */
  onLost?: () => void;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: InstanceOptions,
  ) {
    this.host = opts.host ?? hostKey();
    this.pid = opts.pid ?? process.pid;
    this.fast = embeddedOf(db);
  }

  private async write(query: Compilable): Promise<number> {
    const compiled = query.compile();
    if (this.fast) return this.fast.write(compiled.sql, compiled.parameters as unknown[]);
    return Number((await this.db.executeQuery(compiled)).numAffectedRows ?? 0n);
  }

  /** Inserts this process's row and renews it every third of the lease (the timer does not keep the process alive). */
  async register(): Promise<void> {
    // Again after a lost row: with the first start time, so a later recovery still finds every attempt of this process.
    if (!this.registered) this.startedAt = new Date();
    this.registered = true;
    const row = { id: this.id, host: this.host, pid: this.pid, started_at: this.startedAt.toISOString(), heartbeat_at: new Date().toISOString() };
    await this.write(this.db.insertInto('service_instances').values(row).onConflict((oc) => oc.column('id').doNothing()));
    if (!this.timer) {
      this.timer = setInterval(() => void this.heartbeat().catch(() => undefined), Math.max(100, Math.floor(this.opts.leaseMs / 3)));
      this.timer.unref();
    }
  }

  /** Renews the row; re-registers when another process removed it (took this one for gone). */
  async heartbeat(): Promise<void> {
    const n = await this.write(this.db.updateTable('service_instances').set({ heartbeat_at: new Date().toISOString() }).where('id', '=', this.id));
    if (n === 0) {
      this.onLost?.();
      await this.register();
    }
  }

  /** When this process registered (its attempts' ids start at or after this time). */
  get since(): Date {
    return this.startedAt;
  }

  /** Whether the process of this row is gone (see the top of this file). */
  isGone(row: ServiceInstancesTable, now = Date.now()): boolean {
    if (row.id === this.id) return false;
    if (Date.parse(row.heartbeat_at) < now - this.opts.leaseMs) return true;
    return row.host === this.host && !pidRuns(Number(row.pid));
  }

  async get(id: string): Promise<ServiceInstancesTable | undefined> {
    return this.db.selectFrom('service_instances').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every registered process judged gone. */
  async gone(): Promise<ServiceInstancesTable[]> {
    const rows = await this.db.selectFrom('service_instances').selectAll().execute();
    const now = Date.now();
    return rows.filter((r) => this.isGone(r, now));
  }

  /** Removes a gone process's row once its attempts are recovered. */
  async remove(id: string): Promise<void> {
    await this.write(this.db.deleteFrom('service_instances').where('id', '=', id));
  }

  /** Stops the heartbeat and keeps the row: once the process ends it is judged gone, and recovered. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the heartbeat and removes this process's row (a clean stop: nothing of it is in flight). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.remove(this.id).catch(() => undefined);
  }
}
