/**
 * Logs and metrics. Logs are structured JSON (pino), one line per request with its request id,
 * with credentials censored by key (and never put in a log line in the first place: vendor URLs
 * are redacted by the HTTP client, bodies are not logged). Metrics are Prometheus text at
 * GET /metrics (prom-client), on a registry of this app's own.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Keys whose values never reach a log line: at the top level of a log object, or one level below it. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'credentials',
  'token',
  'apiToken',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'password',
  'secret',
  'idempotency-key',
]);

export const CENSOR = '[REDACTED]';

function censorLevel(obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in obj) {
    if (SECRET_KEYS.has(key) && obj[key] !== undefined) (out ??= { ...obj })[key] = CENSOR;
  }
  return out ?? obj;
}

/**
 * The last line of defence for log objects (credentials are kept out of them in the first
 * place): any of SECRET_KEYS at the top level, or in an object one level down (`headers`,
 * `req`, an account...), and `req.headers.*`, is replaced by [REDACTED]. Objects are copied only
 * when something is replaced, so the request line of every request costs no allocation here
 * (pino's path redaction cost ~25 KB of garbage per line: BENCHMARKS.md).
 */
export function scrubLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  let out = censorLevel(obj);
  for (const key in out) {
    const v = out[key];
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Error) continue;
    let inner = censorLevel(v as Record<string, unknown>);
    const headers = (inner as { headers?: unknown }).headers;
    if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
      const h = censorLevel(headers as Record<string, unknown>);
      if (h !== headers) inner = { ...inner, headers: h };
    }
    if (inner !== v) {
      if (out === obj) out = { ...obj };
      out[key] = inner;
    }
  }
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'unified-user-deletion' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: scrubLogObject },
    },
    destination,
  );
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly requestDuration: Histogram<'operation'>;
  readonly vendorCalls: Counter<'integration' | 'status'>;
  readonly vendorDuration: Histogram<'integration'>;
  readonly retries: Counter<'integration'>;
  readonly rateLimitWaits: Counter<'integration'>;
  readonly rateLimitWaitSeconds: Counter<'integration'>;
  readonly deletions: Counter<'integration' | 'outcome'>;
  readonly unexpectedErrors: Counter<'where'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'uud_requests_total', help: 'HTTP requests by operation and outcome (ok or error code)', labelNames: ['operation', 'outcome'], registers });
    this.requestDuration = new Histogram({
      name: 'uud_request_duration_seconds',
      help: 'HTTP request duration by operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.vendorCalls = new Counter({ name: 'uud_vendor_calls_total', help: 'Vendor HTTP calls by integration and status (or error, planned)', labelNames: ['integration', 'status'], registers });
    this.vendorDuration = new Histogram({
      name: 'uud_vendor_call_duration_seconds',
      help: 'Vendor HTTP call duration by integration',
      labelNames: ['integration'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.retries = new Counter({ name: 'uud_vendor_retries_total', help: 'Vendor calls retried (429, 503, network)', labelNames: ['integration'], registers });
    this.rateLimitWaits = new Counter({ name: 'uud_rate_limit_waits_total', help: 'Waits for a vendor rate limit to reset', labelNames: ['integration'], registers });
    this.rateLimitWaitSeconds = new Counter({ name: 'uud_rate_limit_wait_seconds_total', help: 'Seconds spent waiting for vendor rate limits', labelNames: ['integration'], registers });
    this.deletions = new Counter({ name: 'uud_deletions_total', help: 'deleteUser results by integration and outcome or error code', labelNames: ['integration', 'outcome'], registers });
    this.unexpectedErrors = new Counter({
      name: 'uud_unexpected_errors_total',
      help: 'Errors no code path expected (answered as INTERNAL_SERVER_ERROR), by where they surfaced: graphql or http',
      labelNames: ['where'],
      registers,
    });
  }
}

/** Long token-like runs (keys, tokens, hashes) and anything after "Bearer"/"Basic"/"SSWS", in a message. */
const SECRETISH = /\b(?:Bearer|Basic|SSWS)\s+\S+|[A-Za-z0-9+/_=.-]{32,}/gi;

/**
 * What an operator needs to find an unexpected error, and nothing that must not leave the process:
 * the error's class, its message with token-like runs removed, and where it was thrown (the first
 * frame inside this project, as a path relative to it). No stack trace: a trace is not logged whole.
 */
export function describeUnexpected(err: unknown): { errorClass: string; cause: string; at?: string } {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'non-error thrown');
  const cause = e.message.replace(SECRETISH, '[REDACTED]').slice(0, 300);
  const frame = (e.stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => /\/(src|dist\/src)\//.test(l) && !l.includes('node_modules'));
  const at = frame ? /(?:\/dist)?\/(src\/[^\s):]+:\d+)/.exec(frame)?.[1] : undefined;
  return { errorClass: e.constructor?.name ?? 'Error', cause, ...(at ? { at } : {}) };
}

/** Logs one unexpected error at error level (once: the caller logs where it turns it into a 500) and counts it. */
export function reportUnexpected(log: Logger, metrics: Metrics | undefined, err: unknown, info: { reqId?: string; operation?: string; where: 'graphql' | 'http' }): void {
  metrics?.unexpectedErrors.inc({ where: info.where });
  log.error({ reqId: info.reqId, operation: info.operation, ...describeUnexpected(err) }, 'unexpected error (answered as INTERNAL_SERVER_ERROR)');
}
