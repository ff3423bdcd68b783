/**
 * Recovery of deletions whose process is gone (killed, crashed, its host lost): their STARTED
 * audit records become INTERRUPTED, listing the calls that may have reached the vendor (each
 * destructive call was recorded `sending` before it left, AuditStore.checkpoint), and their
 * idempotency claims become INTERRUPTED, so a retry with the same Idempotency-Key resumes the
 * attempt at once (DeletionService re-reads the vendor before any further destructive call)
 * instead of waiting for the claim to expire and sending the DELETE again.
 *
 * Runs at start-up (a process restarted after `kill -9` finds its previous life gone: same
 * host, pid no longer running), every lease period (replicas that died elsewhere: heartbeat
 * older than the lease), and when a request waits on a claim whose owner is gone. Each step is
 * idempotent and guarded by state, so replicas recovering the same process at once, or a
 * recovery stopped half-way and run again, do no harm: claims first, then records, then the
 * instance row (while the row remains, the next run finds the rest).
 */
import type { Logger } from 'pino';
import type { AuditStore } from '../store/audit.js';
import type { ServiceInstancesTable } from '../store/db.js';
import type { ClaimOwner, IdempotencyStore, OwnerCheck } from '../store/idempotency.js';
import type { InstanceRegistry } from '../store/instances.js';

export class Recovery implements OwnerCheck {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: {
      instances: InstanceRegistry;
      audit: AuditStore;
      idempotency: IdempotencyStore;
      log?: Logger;
    },
  ) {}

  /** Recovers every process judged gone; returns how many attempts were marked INTERRUPTED. */
  sweep(): Promise<number> {
    // One sweep at a time in a process (the periodic one and a start-up one may meet).
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    let marked = 0;
    for (const row of await this.deps.instances.gone()) marked += await this.recoverInstance(row);
    return marked;
  }

  /** Sweeps every `everyMs` (the timer does not keep the process alive). */
  start(everyMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.deps.log?.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'recovery of interrupted deletions failed; retried at the next sweep'));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async recoverInstance(row: ServiceInstancesTable): Promise<number> {
    const { audit, idempotency, instances, log } = this.deps;
    const attempts = await audit.startedBy(row.id, new Date(row.started_at));
    for (const a of attempts) if (a.idempotencyKey) await idempotency.interrupt(a.tenantId, a.idempotencyKey, row.id, a.id);
    let marked = 0;
    for (const a of attempts) if (await audit.interrupt(a.id)) marked++;
    await instances.remove(row.id);
    if (marked > 0) log?.warn({ instance: row.id, attempts: attempts.map((a) => a.id) }, 'deletions of a process that is gone were marked INTERRUPTED');
    return marked;
  }

  /**
   * At shutdown, once the grace period is over and the vendor transport is cut: this process's
   * attempts still STARTED are marked INTERRUPTED now (with their claims, so a retry with the same
   * Idempotency-Key resumes at once), listing the calls of their last recovery point (`sending`:
   * may have reached the vendor). Their handlers' own completion, if it still comes, finds the
   * record no longer STARTED and leaves it. Returns the attempts marked.
   */
  async interruptOwn(): Promise<string[]> {
    const { audit, idempotency, instances, log } = this.deps;
    const attempts = await audit.startedBy(instances.id, instances.since);
    for (const a of attempts) if (a.idempotencyKey) await idempotency.interrupt(a.tenantId, a.idempotencyKey, instances.id, a.id);
    const marked: string[] = [];
    for (const a of attempts) if (await audit.interrupt(a.id)) marked.push(a.id);
    if (marked.length > 0) log?.warn({ attempts: marked }, 'shutdown: deletions still in flight after the grace period were marked INTERRUPTED');
    return marked;
  }

  /**
   * A request waits on a claim: when the claimant's process is gone, recover it now. A claim
   * whose owner has no row any more (recovered already, or a clean stop) is marked INTERRUPTED
   * with its attempt.
   */
  async recoverIfGone(claim: ClaimOwner): Promise<boolean> {
    const { audit, idempotency, instances } = this.deps;
    if (claim.ownerId === instances.id) return false;
    const row = await instances.get(claim.ownerId);
    if (row) {
      if (!instances.isGone(row)) return false;
      await this.recoverInstance(row);
      return true;
    }
    await idempotency.interrupt(claim.tenantId, claim.key, claim.ownerId, claim.attemptId);
    if (claim.attemptId) await audit.interrupt(claim.attemptId);
    return true;
  }
}
