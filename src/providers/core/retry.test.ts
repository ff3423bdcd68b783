import { describe, expect, it } from 'vitest';
import { decideRetry, isRateLimited, vendorWaitMs } from './retry.js';

const policy = { maxAttempts: 3, maxWaitMs: 30_000, baseDelayMs: 500 };
const now = Date.parse('2026-11-28T12:00:00Z');

describe('retry decision', () => {
  it('does not retry successes or ordinary errors', () => {
    for (const status of [200, 204, 400, 401, 403, 404, 409, 500, 502]) {
      expect(decideRetry({ status, headers: {}, attempt: 1, nowMs: now }, policy)).toEqual({ retry: false, rateLimited: false });
    }
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    expect(decideRetry({ status: 429, headers: { 'retry-after': '7' }, attempt: 1, nowMs: now }, policy)).toEqual({ retry: true, waitMs: 7000, reason: 'rate_limited' });
    const date = new Date(now + 12_000).toUTCString();
    expect(vendorWaitMs({ 'retry-after': date }, now)).toBe(12_000);
  });

  it('honours an epoch reset header (plus one second) and a delta one', () => {
    const reset = String(now / 1000 + 5);
    expect(vendorWaitMs({ 'x-rate-limit-reset': reset }, now, { resetHeader: 'X-Rate-Limit-Reset', resetKind: 'epoch-seconds' })).toBe(6000);
    expect(vendorWaitMs({ 'x-ratelimit-reset': '4' }, now, { resetHeader: 'x-ratelimit-reset', resetKind: 'delta-seconds' })).toBe(4000);
    // Retry-After wins over the reset header
    expect(vendorWaitMs({ 'retry-after': '2', 'x-rate-limit-reset': reset }, now, { resetHeader: 'x-rate-limit-reset' })).toBe(2000);
  });

  it('backs off exponentially without a hint, on 429 and 503', () => {
    expect(decideRetry({ status: 503, headers: {}, attempt: 1, nowMs: now }, policy)).toEqual({ retry: true, waitMs: 500, reason: 'unavailable' });
    expect(decideRetry({ status: 429, headers: {}, attempt: 2, nowMs: now }, policy)).toEqual({ retry: true, waitMs: 1000, reason: 'rate_limited' });
  });

  it('stops after maxAttempts and when the vendor asks for longer than maxWaitMs', () => {
    expect(decideRetry({ status: 429, headers: { 'retry-after': '1' }, attempt: 3, nowMs: now }, policy)).toEqual({ retry: false, rateLimited: true, retryAfterSeconds: 1 });
    expect(decideRetry({ status: 429, headers: { 'retry-after': '3600' }, attempt: 1, nowMs: now }, policy)).toEqual({ retry: false, rateLimited: true, retryAfterSeconds: 3600 });
    expect(decideRetry({ status: 503, headers: {}, attempt: 3, nowMs: now }, policy)).toEqual({ retry: false, rateLimited: false });
  });

  it("treats GitHub's 403 with no calls left as rate limited, a plain 403 not", () => {
    const gh = { remainingHeader: 'x-ratelimit-remaining', resetHeader: 'x-ratelimit-reset' };
    expect(isRateLimited(403, { 'x-ratelimit-remaining': '0' }, gh)).toBe(true);
    expect(isRateLimited(403, { 'x-ratelimit-remaining': '12' }, gh)).toBe(false);
    expect(isRateLimited(403, {}, {})).toBe(false);
  });

  it('ignores garbage hints', () => {
    expect(vendorWaitMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(vendorWaitMs({ 'retry-after': '-3' }, now)).toBeUndefined();
  });
});
