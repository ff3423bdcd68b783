/**
 * The one retry decision every vendor call goes through. Pure: it takes the response facts
 * and the clock, and says whether to wait and try again, and for how long.
 */
import type { RateLimitPolicy } from './types.js';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** The longest single wait we accept; a vendor asking for longer is reported as RATE_LIMITED. */
  maxWaitMs: number;
  /** Backoff when the vendor gives no hint: base * 2^(attempt-1). */
  baseDelayMs: number;
}

export type RetryDecision =
  | { retry: true; waitMs: number; reason: 'rate_limited' | 'unavailable' }
  | { retry: false; rateLimited: boolean; retryAfterSeconds?: number };

export interface ResponseFacts {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  /** 1 for the first attempt. */
  attempt: number;
  nowMs: number;
  /** The vendor's error code says "rate limited" (its error table maps it to RATE_LIMITED). */
  vendorRateLimited?: boolean;
}

/** Seconds to wait according to the vendor, or undefined when it gives no hint. */
export function vendorWaitMs(
  headers: Readonly<Record<string, string | undefined>>,
  nowMs: number,
  rateLimit: RateLimitPolicy = {},
): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    const s = Number(retryAfter);
    if (Number.isFinite(s)) {
      if (s >= 0) return Math.ceil(s * 1000);
    } else if (/[a-z]/i.test(retryAfter)) {
      // An HTTP-date (RFC 9110 §10.2.3)
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
    }
  }
  const resetHeader = rateLimit.resetHeader?.toLowerCase();
  const reset = resetHeader ? headers[resetHeader] : undefined;
  if (reset !== undefined && reset.trim() !== '') {
    const n = Number(reset);
    if (Number.isFinite(n) && n >= 0) {
      if (rateLimit.resetKind === 'delta-seconds') return Math.ceil(n * 1000);
      // epoch seconds; add a second so we never arrive before the window opens
      return Math.max(0, n * 1000 - nowMs) + 1000;
    }
  }
  return undefined;
}

/**
 * Whether a response says "rate limited": 429 or a status the vendor declares (Webex's 423), or a
 * 403 with no calls left or with Retry-After where the vendor documents it (GitHub).
 */
export function isRateLimited(
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  rateLimit: RateLimitPolicy = {},
): boolean {
  if (status === 429 || rateLimit.statuses?.includes(status)) return true;
  if (status === 403) {
    if (rateLimit.remainingHeader && headers[rateLimit.remainingHeader.toLowerCase()] === '0') return true;
    if (rateLimit.forbiddenWithRetryAfter && (headers['retry-after'] ?? '').trim() !== '') return true;
  }
  return false;
}

export function decideRetry(
  facts: ResponseFacts,
  policy: RetryPolicy,
  rateLimit: RateLimitPolicy = {},
): RetryDecision {
  const limited = facts.vendorRateLimited === true || isRateLimited(facts.status, facts.headers, rateLimit);
  const unavailable = facts.status === 503;
  if (!limited && !unavailable) return { retry: false, rateLimited: false };

  const hinted = vendorWaitMs(facts.headers, facts.nowMs, rateLimit);
  const documented = limited ? rateLimit.defaultWaitMs : undefined;
  const waitMs = hinted ?? documented ?? policy.baseDelayMs * 2 ** (facts.attempt - 1);
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  if (facts.attempt >= policy.maxAttempts || waitMs > policy.maxWaitMs) {
    return limited ? { retry: false, rateLimited: true, retryAfterSeconds } : { retry: false, rateLimited: false };
  }
  return { retry: true, waitMs, reason: limited ? 'rate_limited' : 'unavailable' };
}
