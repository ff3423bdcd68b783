/**
 * Per integrated account, at most N operations (deletions, federation reads) in progress at
 * once (in this process): a burst on one customer's account queues behind its own limit instead
 * of tripping the vendor's rate limit or taking every socket from the other accounts.
 *
 * The unit is the operation, not the single vendor call: a deletion takes a slot at its first
 * vendor call and holds it until it ends (`session`), so its follow-up calls never queue behind
 * the first calls of deletions that arrived later. Queued per call instead, 64 deletions of two
 * calls each on one account all finished near the end of the burst (each one's second call
 * waited behind every other deletion's first). Operations make their calls one after another,
 * so N slots still mean at most N vendor calls at once. Waiters are served first come, first
 * served. Limits for idle accounts are dropped, so the map holds only accounts with work in
 * flight or queued.
 */
import type { CallLimiter } from '../providers/core/http.js';

class Semaphore {
  active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly onIdle: () => void,
  ) {}

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }

  /** Resolves once a slot is this caller's. */
  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else {
      this.active--;
      if (this.idle) this.onIdle();
    }
  }
}

/**
 * One operation's hold on its account's limit: the first call waits for a slot, the calls after
 * it run in that slot (one after another) until `release`. A call still running or queued when
 * the session is released keeps the slot until it ends.
 */
export class LimiterSession implements CallLimiter {
  /** The slot: being acquired, or held (`held` once it is). */
  private slot: Promise<Semaphore> | undefined;
  private held: Semaphore | undefined;
  /** Calls of this session running or waiting. */
  private pending = 0;
  private ended = false;
  /** The previous call of this session: calls of one operation run one at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly semaphore: () => Semaphore) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.pending++;
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      if (!this.slot) {
        const s = this.semaphore();
        this.slot = s.acquire().then(() => s);
      }
      this.held = await this.slot;
      return await fn();
    } finally {
      this.pending--;
      if (this.ended && this.pending === 0) this.giveBack();
      done();
    }
  }

  /** The operation ended: the slot goes back (at once, or when its last call ends). */
  release(): void {
    this.ended = true;
    if (this.pending === 0) this.giveBack();
  }

  private giveBack(): void {
    const held = this.held;
    this.held = undefined;
    this.slot = undefined;
    held?.release();
  }
}

export class AccountLimiter {
  private readonly semaphores = new Map<string, Semaphore>();

  constructor(private readonly defaultLimit: number) {}

  /**
   * A session for one operation on an account (a deletion): it takes a slot at its first call
   * and keeps it until `release()`. `limit` overrides the default (an integration's own cap).
   */
  session(accountId: string, limit = this.defaultLimit): LimiterSession {
    return new LimiterSession(() => this.semaphore(accountId, limit));
  }

  /**
   * Every `run` is an operation of its own (one call: a slot taken and given back). The
   * semaphore is looked up on every call, so a limiter kept across an idle moment still shares
   * the account's one semaphore.
   */
  for(accountId: string, limit = this.defaultLimit): CallLimiter {
    return {
      run: async (fn) => {
        const session = this.session(accountId, limit);
        try {
          return await session.run(fn);
        } finally {
          session.release();
        }
      },
    };
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

  /** Accounts with operations in flight or queued (for metrics and tests). */
  get size(): number {
    return this.semaphores.size;
  }
}
