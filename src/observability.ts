/**
 * Logs and metrics. Logs are structured JSON (pino), one line per request with its request id,
 * with credentials redacted by path (and never put in a log line in the first place: vendor URLs
 * are redacted by the HTTP client, bodies are not logged). Metrics are Prometheus text at
 * GET /metrics (prom-client), on a registry of this app's own.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Paths pino replaces with [REDACTED], wherever such a field turns up in a log object. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers["idempotency-key"]',
  'credentials',
  '*.credentials',
  '*.token',
  '*.apiToken',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.password',
  '*.secret',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'unified-user-deletion' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
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
  }
}
