/**
 * The one HTTP client every provider uses. It owns: URL building from the validated base URL
 * and an encoded path, auth headers/query, JSON in and out, the per-request timeout, bounded
 * retries on 429/503 that honour Retry-After and the vendor's reset header, and the mapping of
 * vendor failures to the service's error codes. Providers never retry, sleep or build URLs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { errors as undiciErrors, request } from 'undici';
import { AppError } from '../../errors.js';
import type { VendorPath } from './path.js';
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '../../tracing.js';
import { REDACTED, redact, Redactor, redactUrl } from './redact.js';
import { decideRetry, type RetryPolicy } from './retry.js';
import { PrivateHostError, type Transport } from './transport.js';
import type { RateLimitPolicy, VendorErrorKind, VendorErrors } from './types.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined | QueryValue[] | { [k: string]: QueryValue };
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query | Readonly<Record<string, unknown>>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Statuses the provider handles itself instead of getting an error (e.g. 404 on a read). */
  accept?: readonly number[];
  /**
   * Send this one call to the root of another origin of the same vendor instead of under the base
   * URL: an `https://host` written in the provider's code (Airtable's Web API whoami at
   * https://api.airtable.com, next to its SCIM API), or the account's own base-URL origin
   * (`http.base.origin`) when the account overrides the base URL. Never client input. The path is
   * taken from that origin's root; the account's auth goes with it, the host checks still apply.
   */
  origin?: string;
}

export interface VendorResponse<T = unknown> {
  status: number;
  headers: Record<string, string | undefined>;
  body: T;
}

/** A vendor answer exactly as received (REST `truto_response_format=raw`). */
export interface RawVendorResponse {
  status: number;
  contentType?: string;
  text: string;
}

/** One vendor call as recorded for audit and dry runs: never a credential. */
export interface VendorCall {
  method: Method;
  /** Without credentials: query values that carry secrets are redacted. */
  url: string;
  status?: number;
  durationMs: number;
  attempt: number;
  error?: string;
  /** A dry run's call that changes something: recorded with its (redacted) body, never sent. */
  planned?: boolean;
  body?: unknown;
  /**
   * Recorded at a recovery point, before it was sent: in an INTERRUPTED audit record, the call
   * the process was sending when it stopped. It may have reached the vendor; its answer is unknown.
   */
  sending?: boolean;
}

/** Bounds how many calls run at once (per integrated account); see deletion/limiter.ts. */
export interface CallLimiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export interface ResolvedAuth {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Credential values, scrubbed (in every encoding) from anything that leaves the process. */
  secrets: string[];
  /** The same secrets with their encodings precomputed (built from `secrets` when absent). */
  redactor?: Redactor;
  /**
   * Credentials merged into the body of every call that has one (LastPass `cid`/`provhash`):
   * into a JSON object or a form; a call without a body (other than GET) gets them as its JSON body.
   */
  body?: Record<string, string>;
}

export interface VendorHttpOptions {
  transport: Transport;
  baseUrl: URL;
  auth: ResolvedAuth;
  headers?: Readonly<Record<string, string>>;
  rateLimit?: RateLimitPolicy;
  /** How the vendor names its errors, including failures inside 2xx bodies (Slack's `ok: false`). */
  errors?: VendorErrors;
  timeoutMs: number;
  retry: RetryPolicy;
  maxBodyBytes: number;
  integration: string;
  onCall?: (call: VendorCall) => void;
  /**
   * Called once per client when the vendor answers 401: new auth (an OAuth token refreshed) to
   * retry the call with, or undefined to fail with REAUTH_REQUIRED.
   */
  onUnauthorized?: () => Promise<ResolvedAuth | undefined>;
  /** Told before each retry wait (metrics: retries, rate-limit waits). */
  onRetry?: (r: { waitMs: number; reason: 'rate_limited' | 'unavailable' }) => void;
  /** Sent as X-Request-Id, so a vendor's support can find the call (vendors ignore it otherwise). */
  requestId?: string;
  /** Dry run: GET calls are made; every other call is recorded (planned) and answered 204. */
  dryRun?: boolean;
  /**
   * Awaited before a call that changes something (not GET; not in a dry run) is first sent: a
   * recovery point (the deletion's audit record, committed). The call is sent only once it
   * resolves; it is not called again for retries of the same call.
   */
  recoveryPoint?: (call: VendorCall) => Promise<void>;
  limiter?: CallLimiter;
  /**
   * The request's deadline (epoch ms, on `now`'s clock): no call starts, and no retry waits, past
   * it; each call's own timeout is cut to what is left. Unset: only timeoutMs and the retry policy bound a call.
   */
  deadline?: number;
  /** Injected for tests of the retry timing; defaults to a real sleep. */
  sleep?: (ms: number) => Promise<unknown>;
  now?: () => number;
}

/** A call is not started with less time than this left before the request's deadline. */
export const MIN_CALL_MS = 50;

export class VendorHttp {
  /** The last answer to a call that changes something (not GET): the deletion's own response. */
  lastWrite?: RawVendorResponse;

  private auth: ResolvedAuth;
  private refreshed = false;
  /** Every secret this client has carried (the first credentials and any refreshed ones). */
  private redactor: Redactor;

  constructor(private readonly opts: VendorHttpOptions) {
    this.auth = opts.auth;
    this.redactor = opts.auth.redactor ?? Redactor.of(opts.auth.secrets);
  }

  /**
   * Vendor data with the account's secrets (in any encoding) replaced: what the service answers
   * and stores of a vendor's body (remoteData, the unified user, the audit snapshot).
   */
  redactValue<T>(value: T): T {
    return this.redactor.value(value);
  }

  /** Vendor text with the account's secrets (in any encoding) replaced. */
  redactText(text: string): string {
    return this.redactor.text(text);
  }

  /** A bounded, redacted copy of a vendor body for an error (secret-looking keys too). */
  redactBody(body: unknown): unknown {
    return redact(body, this.redactor);
  }

  get<T = unknown>(path: VendorPath, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, options).then((r) => r.body);
  }
  post<T = unknown>(path: VendorPath, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, options).then((r) => r.body);
  }
  put<T = unknown>(path: VendorPath, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, options).then((r) => r.body);
  }
  patch<T = unknown>(path: VendorPath, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, options).then((r) => r.body);
  }
  delete<T = unknown>(path: VendorPath, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, options).then((r) => r.body);
  }

  /** The account's base URL (a copy): providers use its host to pick a documented origin. */
  get base(): URL {
    return new URL(this.opts.baseUrl.href);
  }

  /**
   * The absolute URL a path resolves to (base path kept: `/api/v3` + `/users`), or, with `origin`,
   * the path from the root of that origin.
   */
  url(path: VendorPath, query?: RequestOptions['query'], origin?: string): URL {
    const base = origin === undefined ? this.opts.baseUrl : parseOrigin(origin);
    const url = new URL(base.href);
    const wanted = (origin === undefined ? base.pathname.replace(/\/+$/, '') : '') + path.value;
    url.pathname = wanted;
    // The URL parser may normalise a path (dot segments); the vendor must get exactly the path built.
    if (url.pathname !== wanted) throw new AppError('BAD_USER_INPUT', 'a value used in the vendor path would change the path');
    appendQuery(url.searchParams, { ...(query ?? {}) });
    for (const [k, v] of Object.entries(this.auth.query)) url.searchParams.set(k, v);
    return url;
  }

  async request<T = unknown>(method: Method, path: VendorPath, options: RequestOptions = {}): Promise<VendorResponse<T>> {
    const { transport, retry, rateLimit } = this.opts;
    let url = this.url(path, options.query, options.origin);
    const safeUrl = redactUrl(url, Object.keys(this.auth.query));
    try {
      transport.checkHost(url.hostname);
    } catch (err) {
      throw this.networkError(err, safeUrl);
    }

    const baseHeaders: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'unified-user-deletion/0.1',
      ...(this.opts.requestId ? { 'x-request-id': this.opts.requestId } : {}),
      ...lowerKeys(this.opts.headers ?? {}),
      ...lowerKeys(options.headers ?? {}),
    };
    let headers: Record<string, string> = { ...baseHeaders, ...lowerKeys(this.auth.headers) };
    let body: string | undefined;
    const authBody = this.auth.body && Object.keys(this.auth.body).length ? this.auth.body : undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(authBody ? withAuthBody(options.json, authBody, this.opts.integration) : options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.form) {
      body = new URLSearchParams(authBody ? { ...options.form, ...authBody } : options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (authBody && method !== 'GET') {
      body = JSON.stringify(authBody);
      headers['content-type'] = 'application/json';
    }

    if (this.opts.dryRun && method !== 'GET') {
      // The plan shows where the core puts body credentials, never their values.
      const hidden = authBody && Object.fromEntries(Object.keys(authBody).map((k) => [k, REDACTED]));
      const given = options.json !== undefined ? options.json : options.form;
      const planned = hidden ? (given === undefined ? hidden : { ...(given as Record<string, unknown>), ...hidden }) : given;
      this.opts.onCall?.({ method, url: safeUrl, durationMs: 0, attempt: 1, planned: true, body: planned === undefined ? undefined : this.safeBody(planned) });
      return { status: 204, headers: {}, body: undefined as T };
    }

    const now = this.opts.now ?? Date.now;
    const wait = this.opts.sleep ?? ((ms: number) => sleep(ms));
    const limiter = this.opts.limiter;
    const deadline = this.opts.deadline;
    /** The time a call may take: its timeout, cut to what is left of the request's deadline. */
    const budget = (): number => (deadline === undefined ? this.opts.timeoutMs : Math.min(this.opts.timeoutMs, deadline - now()));
    // No call starts past the deadline: a destructive one is not even announced.
    if (budget() < MIN_CALL_MS) throw this.deadlineError(method, safeUrl);
    if (method !== 'GET' && this.opts.recoveryPoint) {
      await this.opts.recoveryPoint({ method, url: safeUrl, durationMs: 0, attempt: 1, sending: true });
    }
    for (let attempt = 1; ; attempt++) {
      const started = now();
      let res: VendorResponse<unknown> & { text: string };
      let cutByDeadline = false;
      try {
        const call = () => {
          // Checked again once the account's slot is ours: waiting for it may have used the time up.
          const ms = budget();
          if (ms < MIN_CALL_MS) throw this.deadlineError(method, safeUrl);
          cutByDeadline = ms < this.opts.timeoutMs;
          // A span per call: method, host and route template (never the query, an id or a credential).
          return inSpan(
            `${method} ${path.template}`,
            { 'http.request.method': method, 'server.address': url.hostname, 'url.template': path.template, 'uud.integration': this.opts.integration, 'http.request.resend_count': attempt - 1 },
            async (span) => {
              const r = await this.send(method, url, headers, body, ms);
              span.setAttribute('http.response.status_code', r.status);
              return r;
            },
            SpanKind.CLIENT,
          );
        };
        res = limiter ? await limiter.run(call) : await call();
      } catch (err) {
        this.opts.onCall?.({ method, url: safeUrl, durationMs: now() - started, attempt, error: errorName(err) });
        if (err instanceof AppError) throw err;
        throw this.networkError(err, safeUrl, cutByDeadline);
      }
      this.opts.onCall?.({ method, url: safeUrl, status: res.status, durationMs: now() - started, attempt });
      // Redacted here, once: the raw answer (REST truto_response_format=raw) leaves the process as it is.
      if (method !== 'GET') this.lastWrite = { status: res.status, contentType: res.headers['content-type'], text: this.redactor.text(res.text) };

      // The vendor's own error code, from an error body or (for vendors that report failures
      // in 2xx bodies) a success status; mapped through the provider's table.
      const vendorCode = this.vendorCode(res);
      const kind = vendorCode === undefined ? undefined : this.opts.errors?.table[vendorCode];
      if ((res.status === 401 || kind === 'TOKEN_EXPIRED') && this.opts.onUnauthorized && !this.refreshed) {
        // An expired or revoked OAuth token: refreshed once per client, then the call is retried.
        this.refreshed = true;
        const next = await this.opts.onUnauthorized();
        if (next) {
          this.auth = next;
          this.redactor = this.redactor.with(next.redactor ?? Redactor.of(next.secrets));
          headers = { ...baseHeaders, ...lowerKeys(next.headers) };
          url = this.url(path, options.query, options.origin);
          attempt--;
          continue;
        }
      }
      const decision = decideRetry({ status: res.status, headers: res.headers, attempt, nowMs: now(), vendorRateLimited: kind === 'RATE_LIMITED' }, retry, rateLimit);
      if (decision.retry && deadline !== undefined && now() + decision.waitMs + MIN_CALL_MS > deadline) {
        // Waiting would overrun the request's deadline: answer now, with the vendor's wait for the client.
        const retryAfter = Math.max(1, Math.ceil(decision.waitMs / 1000));
        if (decision.reason === 'rate_limited') {
          const limited = kind !== undefined && vendorCode !== undefined ? this.vendorError(res, vendorCode, 'RATE_LIMITED', retryAfter) : this.statusError(res, retryAfter);
          throw new AppError(limited.code, `${limited.message} (waiting would overrun the request's deadline)`, { ...limited.details, deadline: true });
        }
        throw new AppError('TIMEOUT', `${this.opts.integration} answered HTTP ${res.status}; waiting ${decision.waitMs} ms to try again would overrun the request's deadline`, {
          integration: this.opts.integration,
          retryAfter,
          deadline: true,
          remote: { status: res.status, body: this.safeBody(res.body) },
        });
      }
      if (decision.retry) {
        this.opts.onRetry?.({ waitMs: decision.waitMs, reason: decision.reason });
        await wait(decision.waitMs);
        continue;
      }
      const retryAfter = decision.rateLimited ? decision.retryAfterSeconds : undefined;
      if (options.accept?.includes(res.status)) return strip<T>(res);
      if (res.status >= 200 && res.status < 300) {
        if (vendorCode === undefined) return strip<T>(res);
        throw this.vendorError(res, vendorCode, kind ?? 'REMOTE_ERROR', retryAfter);
      }
      if (kind !== undefined && vendorCode !== undefined) throw this.vendorError(res, vendorCode, kind, retryAfter);
      throw this.statusError(res, retryAfter);
    }
  }

  /** The request's deadline ran out before a call could start (nothing was sent). */
  private deadlineError(method: Method, safeUrl: string): AppError {
    return new AppError('TIMEOUT', `the request's deadline ran out before ${method} ${new URL(safeUrl).pathname} could be sent to ${this.opts.integration}; it was not sent`, {
      integration: this.opts.integration,
      deadline: true,
    });
  }

  private async send(method: Method, url: URL, headers: Record<string, string>, body: string | undefined, timeoutMs = this.opts.timeoutMs) {
    // The whole call is bounded by timeoutMs: until the headers by undici's headersTimeout (and
    // the agent's connect timeout), the body by a timer that destroys it when the rest of the
    // time is up (bodyTimeout alone bounds only the gap between chunks). No AbortController per
    // call, and no AbortSignal.timeout(), which stays armed for the full timeout after the call.
    const started = performance.now();
    const res = await request(url, {
      method,
      headers,
      body,
      dispatcher: this.opts.transport.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
    const left = Math.max(1, timeoutMs - (performance.now() - started));
    const timer = setTimeout(() => res.body.destroy(new TimeoutError(timeoutMs)), left);
    let text: string;
    try {
      text = await readLimited(res.body, this.opts.maxBodyBytes);
    } finally {
      clearTimeout(timer);
    }
    const resHeaders: Record<string, string | undefined> = {};
    const raw = res.headers;
    for (const k in raw) {
      const v = raw[k];
      resHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    return { status: res.statusCode, headers: resHeaders, text, body: this.parseBody(text, resHeaders['content-type'], res.statusCode) };
  }

  private parseBody(text: string, contentType: string | undefined, status: number): unknown {
    if (text === '') return undefined;
    const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
    if (!looksJson) return text;
    try {
      return JSON.parse(text);
    } catch {
      if (status >= 200 && status < 300) {
        const integration = this.opts.integration;
        throw new AppError('REMOTE_ERROR', `${integration} sent a malformed JSON body (HTTP ${status})`, { integration, remote: { status } });
      }
      return text;
    }
  }

  /** The vendor's error code of an answer: for every error status, and for 2xx where the vendor reports failures in the body. */
  private vendorCode(res: VendorResponse<unknown>): string | undefined {
    const errors = this.opts.errors;
    if (!errors) return undefined;
    const ok = res.status >= 200 && res.status < 300;
    if (ok && !errors.bodyLevel) return undefined;
    const code = errors.code(res.body, res.status);
    // A vendor may echo what it was sent in its error code: redacted like every vendor text.
    return code === undefined || code === '' ? undefined : this.redactor.text(code.slice(0, 200));
  }

  /** Our error for a vendor error code the provider's table maps (or an unlisted code in a failing 2xx body). */
  private vendorError(res: VendorResponse<unknown>, code: string, kind: VendorErrorKind, retryAfter?: number): AppError {
    const integration = this.opts.integration;
    const remote = { status: res.status, error: code, body: this.safeBody(res.body) };
    switch (kind) {
      case 'RATE_LIMITED':
        return new AppError('RATE_LIMITED', `${integration} is rate limiting requests (${code}); retry after ${retryAfter ?? 60} seconds`, {
          integration,
          retryAfter: retryAfter ?? 60,
          remote,
        });
      case 'REAUTH_REQUIRED':
      case 'TOKEN_EXPIRED':
        return new AppError('REAUTH_REQUIRED', `${integration} rejected the account's credentials (${code}); reconnect the integrated account`, { integration, remote });
      case 'NOT_FOUND':
        return new AppError('NOT_FOUND', `${integration} has no such user or resource (${code})`, { integration, remote });
      case 'FORBIDDEN':
        return new AppError('FORBIDDEN', `${integration} refused the call (${code}): the account's credentials lack the permission or scope this deletion needs, or the vendor does not allow it for this user`, { integration, remote });
      case 'BAD_USER_INPUT':
        return new AppError('BAD_USER_INPUT', `${integration} refused the input (${code})`, { integration, remote });
      case 'PRECONDITION':
        return new AppError('FAILED_PRECONDITION', `${integration} cannot remove this user in their current state (${code}); resolve it at the vendor first`, { integration, remote });
      case 'REMOTE_ERROR':
        return new AppError('REMOTE_ERROR', `${integration} reported an error: ${code}`, { integration, remote });
      default: {
        const never: never = kind;
        return never;
      }
    }
  }

  private safeBody(body: unknown): unknown {
    return this.redactBody(body);
  }

  private statusError(res: VendorResponse<unknown>, retryAfter?: number): AppError {
    const integration = this.opts.integration;
    const remote = { status: res.status, body: this.safeBody(res.body) };
    const s = res.status;
    if (retryAfter !== undefined || s === 429) {
      return new AppError('RATE_LIMITED', `${integration} is rate limiting requests; retry after ${retryAfter ?? 60} seconds`, {
        integration,
        retryAfter: retryAfter ?? 60,
        remote,
      });
    }
    if (s === 401) {
      return new AppError('REAUTH_REQUIRED', `${integration} rejected the account's credentials (HTTP 401); reconnect the integrated account`, { integration, remote });
    }
    if (s === 403) {
      return new AppError('FORBIDDEN', `${integration} refused the call (HTTP 403): the account's credentials lack the permission or scope this deletion needs`, { integration, remote });
    }
    if (s === 404) {
      return new AppError('NOT_FOUND', `${integration} has no such user or resource (HTTP 404)`, { integration, remote });
    }
    if (s >= 300 && s < 400) {
      return new AppError('REMOTE_ERROR', `${integration} answered with a redirect (HTTP ${s}); redirects are not followed`, { integration, remote });
    }
    return new AppError('REMOTE_ERROR', `${integration} answered HTTP ${s}`, { integration, remote });
  }

  private networkError(err: unknown, safeUrl: string, cutByDeadline = false): AppError {
    const integration = this.opts.integration;
    if (err instanceof PrivateHostError) {
      return new AppError('FORBIDDEN', `${err.message}; set ALLOW_PRIVATE_PROVIDER_HOSTS=1 to allow it`, { integration });
    }
    const cause = (err as { cause?: unknown })?.cause;
    if (cause instanceof PrivateHostError) return this.networkError(cause, safeUrl, cutByDeadline);
    if (isTimeout(err)) {
      // The call's time was its timeout, or what was left of the request's deadline.
      return cutByDeadline
        ? new AppError('TIMEOUT', `${integration} did not answer before the request's deadline`, { integration, deadline: true })
        : new AppError('TIMEOUT', `${integration} did not answer within ${this.opts.timeoutMs} ms`, { integration });
    }
    if (err instanceof BodyTooLargeError) {
      return new AppError('REMOTE_ERROR', `${integration} sent a response larger than ${this.opts.maxBodyBytes} bytes`, { integration });
    }
    return new AppError('REMOTE_ERROR', `could not reach ${integration} at ${new URL(safeUrl).host} (${errorName(err)})`, { integration });
  }
}

/** A JSON body with the auth body's fields merged in (they win); only a JSON object can carry them. */
function withAuthBody(json: unknown, authBody: Record<string, string>, integration: string): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AppError('INTERNAL_SERVER_ERROR', `${integration} sends its credentials in the JSON body, but this call's body is not a JSON object`);
  }
  return { ...(json as Record<string, unknown>), ...authBody };
}

class BodyTooLargeError extends Error {}

/** An origin for RequestOptions.origin: http(s), no credentials, no path, query or fragment. */
function parseOrigin(origin: string): URL {
  const url = new URL(origin);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`not an origin: ${url.protocol}//${url.host}`);
  }
  return url;
}

function strip<T>(res: VendorResponse<unknown> & { text: string }): VendorResponse<T> {
  return { status: res.status, headers: res.headers, body: res.body as T };
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** A response body as undici (and node streams) give it. */
export interface BodyStream {
  on(event: 'data', fn: (chunk: Buffer) => void): unknown;
  once(event: 'end', fn: () => void): unknown;
  once(event: 'error', fn: (err: Error) => void): unknown;
  destroy(err?: Error): unknown;
}

/**
 * Reads a response body as UTF-8, failing (and dropping the connection) past `max` bytes.
 * Stream events rather than an async iterator: no promise per chunk, no copy of a chunk.
 */
export function readLimited(body: BodyStream, max: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    body.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > max) {
        failed = true;
        body.destroy(new BodyTooLargeError());
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      if (failed) return;
      resolve(chunks.length === 0 ? '' : chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
    body.once('error', (err) => {
      if (failed) return;
      failed = true;
      reject(err);
    });
  });
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | undefined;
  return (
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError ||
    e?.code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

function errorName(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.name === 'string') return e.name;
  return 'error';
}

function lowerKeys(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** Nested objects use bracket syntax (`a[b]=c`), arrays repeat the key (`a[]=1&a[]=2`). */
export function appendQuery(params: URLSearchParams, query: Readonly<Record<string, unknown>>, prefix?: string): void {
  for (const [k, v] of Object.entries(query)) {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item !== null && typeof item === 'object') appendQuery(params, item as Record<string, unknown>, `${key}[]`);
        else if (item !== undefined && item !== null) params.append(`${key}[]`, String(item));
      }
    } else if (typeof v === 'object') {
      appendQuery(params, v as Record<string, unknown>, key);
    } else {
      params.append(key, String(v));
    }
  }
}
