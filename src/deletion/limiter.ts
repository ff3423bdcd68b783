/**
 * Per integrated account, at most N vendor calls at once (in this process): a burst on one
 * customer's account queues behind its own limit instead of tripping the vendor's rate limit or
 * taking every socket from the other accounts. Waiters are served first come, first served.
 * Limits for idle accounts are dropped, so the map holds only accounts with calls in flight.
 */
import type { CallLimiter } from '../providers/core/http.js';

class Semaphore implements CallLimiter {
  active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly onIdle: () => void,
  ) {}

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else {
        this.active--;
        if (this.idle) this.onIdle();
      }
    }
  }
}

export class AccountLimiter {
  private readonly semaphores = new Map<string, Semaphore>();

  constructor(private readonly defaultLimit: number) {}

  /**
   * The limiter of one account; `limit` overrides the default (an integration's own cap). The
   * semaphore is looked up on every call, so a client kept across an idle moment still shares
   * the account's one semaphore.
   */
  for(accountId: string, limit = this.defaultLimit): CallLimiter {
    return { run: (fn) => this.semaphore(accountId, limit).run(fn) };
  }

  private semaphore(accountId: string, limit: number): Semaphore {
    let s = this.semaphores.get(accountId);
    if (!s) {
      const created: Semaphore = new Semaphore(Math.max(1, limit), () => {
        if (this.semaphores.get(accountId) === created) this.semaphores.delete(accountId);
      });
      s = created;
      this.semaphores.set(accountId, s);
    }
    return s;
  }

  /** Accounts with calls in flight or queued (for metrics and tests). */
  get size(): number {
    return this.semaphores.size;
  }
}
