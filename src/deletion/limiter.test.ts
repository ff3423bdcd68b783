import { describe, expect, it } from 'vitest';
import { AccountLimiter } from './limiter.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AccountLimiter', () => {
  it('bounds calls per account, first come first served, and forgets idle accounts', async () => {
    const limiter = new AccountLimiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const call = (i: number) =>
      limiter.for('acc').run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        await tick(10);
        active--;
        return i;
      });
    const out = await Promise.all([0, 1, 2, 3, 4, 5].map(call));
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.size).toBe(0);
  });

  it('keeps accounts apart and releases on failure', async () => {
    const limiter = new AccountLimiter(1);
    const a = limiter.for('a');
    const b = limiter.for('b');
    let bRan = false;
    const slowA = a.run(() => tick(50));
    await b.run(async () => {
      bRan = true;
    });
    expect(bRan).toBe(true);
    await slowA;
    await expect(a.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await a.run(async () => 'next')).toBe('next');
    expect(limiter.size).toBe(0);
  });

  it('a client kept across an idle moment shares the one semaphore of its account', async () => {
    const limiter = new AccountLimiter(1);
    const kept = limiter.for('a');
    await kept.run(async () => undefined); // idle: dropped from the map
    let active = 0;
    let peak = 0;
    const body = async () => {
      active++;
      peak = Math.max(peak, active);
      await tick(10);
      active--;
    };
    await Promise.all([kept.run(body), limiter.for('a').run(body)]);
    expect(peak).toBe(1);
  });

  it('honours a lower per-integration limit', async () => {
    const limiter = new AccountLimiter(4);
    let active = 0;
    let peak = 0;
    await Promise.all(
      [1, 2, 3].map(() =>
        limiter.for('gh', 1).run(async () => {
          active++;
          peak = Math.max(peak, active);
          await tick(5);
          active--;
        }),
      ),
    );
    expect(peak).toBe(1);
  });

  it('a started operation keeps its slot: its next call goes before the first calls of later operations', async () => {
    // 8 operations of two calls each on one account, 2 at a time. Per call, every second call
    // queued behind all eight first calls; per operation, the first two end before the last starts.
    const limiter = new AccountLimiter(2);
    const events: string[] = [];
    let active = 0;
    let peak = 0;
    const call = (name: string) => async () => {
      active++;
      peak = Math.max(peak, active);
      events.push(`start ${name}`);
      await tick(5);
      active--;
    };
    const operation = async (i: number) => {
      const session = limiter.session('acc');
      try {
        await session.run(call(`get ${i}`));
        await session.run(call(`delete ${i}`));
        events.push(`done ${i}`);
      } finally {
        session.release();
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(operation));
    expect(peak).toBe(2);
    expect(events.indexOf('done 0')).toBeLessThan(events.indexOf('start get 7'));
    expect(events.indexOf('done 1')).toBeLessThan(events.indexOf('start get 7'));
    // First come, first served among operations.
    const firstCalls = events.filter((e) => e.startsWith('start get')).map((e) => Number(e.split(' ')[2]));
    expect(firstCalls).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(limiter.size).toBe(0);
  });

  it('a call still queued when its operation ends keeps the slot until it ends, then gives it back', async () => {
    const limiter = new AccountLimiter(1);
    const holder = limiter.session('acc');
    let release!: () => void;
    const held = holder.run(() => new Promise<void>((r) => (release = r)));
    await tick(1);
    const late = limiter.session('acc');
    let active = 0;
    let peak = 0;
    const lateCall = late.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await tick(5);
      active--;
      return 'ran';
    });
    late.release(); // ended while its call waits for the slot
    release();
    await held;
    holder.release();
    const other = limiter.for('acc').run(async () => {
      active++;
      peak = Math.max(peak, active);
      active--;
      return 'next';
    });
    expect(await lateCall).toBe('ran');
    expect(await other).toBe('next');
    expect(peak).toBe(1);
    expect(limiter.size).toBe(0);
  });
});
