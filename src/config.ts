/** Every environment variable, parsed once, with its default. */
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** postgres://… keeps everything in PostgreSQL; unset, the embedded SQLite store under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  /** The PostgreSQL schema to keep the tables in (created when missing); the connection's default otherwise. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'DATABASE_SCHEMA must be a lower-case SQL identifier')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The 32-byte credential encryption key (64 hex characters or base64). Required with DATABASE_URL (or ENCRYPTION_KEY_FILE). */
  ENCRYPTION_KEY: z.string().optional(),
  /**
   * A file holding the encryption key (as ENCRYPTION_KEY), such as a mounted secret kept outside
   * DATA_DIR and out of the database's backups; an alternative to ENCRYPTION_KEY, not both.
   */
  ENCRYPTION_KEY_FILE: z.string().min(1).optional(),
  /** Comma-separated earlier keys, accepted for reading while `npm run reencrypt` moves credentials to ENCRYPTION_KEY. */
  ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  ADMIN_API_KEY: z.string().min(16, 'ADMIN_API_KEY must be at least 16 characters').optional(),
  ALLOW_PRIVATE_PROVIDER_HOSTS: bool,
  VENDOR_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  VENDOR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  VENDOR_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  VENDOR_RETRY_BASE_MS: z.coerce.number().int().min(0).default(500),
  VENDOR_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /**
   * The whole deleteUser (GraphQL or REST) is answered within this: every vendor call and retry
   * wait fits in it, or the answer is RATE_LIMITED / TIMEOUT at once, before any further
   * destructive call. Below Apollo Router's default 30 s timeout. A caller may ask for less with
   * the X-Request-Deadline-Ms header, never for more.
   */
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(1000).max(600_000).default(25_000),
  /**
   * Vendor calls in flight at once per integrated account, per process. 4 keeps well inside the
   * concurrency the vendors publish (Okta's per-org concurrent limit starts at 15 for the
   * lowest tier, Zendesk and Slack throttle bursts per minute, GitHub asks integrations not to
   * make concurrent requests at all for mutating calls; GitHub's provider sets 1).
   */
  VENDOR_CONCURRENCY_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(4),
  /**
   * Accounts an offboarding (offboardUser, offboardingPlan) works on at once: its duration is
   * close to the slowest account's rather than the sum. Each account's own limit
   * (VENDOR_CONCURRENCY_PER_ACCOUNT) still holds.
   */
  OFFBOARDING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(20),
  /** pino level: trace, debug, info, warn, error, fatal or silent. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /**
   * When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. Unset, /metrics is open
   * only while the service listens on a loopback address (HOST 127.0.0.1, ::1, localhost), and
   * answers 401 naming METRICS_TOKEN otherwise (the default HOST 0.0.0.0 included).
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * Each process renews a heartbeat row every third of this; once its heartbeat is older, other
   * processes take it for gone and mark its deletions in progress INTERRUPTED (their
   * Idempotency-Keys become resumable). A process on the same host whose pid no longer runs is
   * taken for gone at once (a restart after a crash recovers its previous life at start-up).
   */
  INSTANCE_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(30),
  /** How long an Idempotency-Key and its stored result are kept. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Audit records older than this are removed by the retention sweep (hourly and at start). */
  AUDIT_RETENTION_DAYS: z.coerce.number().positive().default(400),
  /**
   * On SIGTERM/SIGINT: how long requests in flight may take to finish (new connections are
   * refused at once, idle keep-alive connections closed, answers carry `Connection: close`);
   * then the remaining connections are cut and the store is closed.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * Tracing: when set (an OTLP/HTTP collector such as `http://otel-collector:4318`), spans of each
   * request, GraphQL operation, vendor call and store write are exported to `<endpoint>/v1/traces`
   * (JSON). Unset, no tracing SDK is loaded and the spans cost nothing.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The service.name of the exported spans. */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).default('user-deletion'),
});

export type Config = z.infer<typeof schema>;

/** Every environment variable the service reads (for .env.example and the container files' checks). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${issues}`);
  }
  return parsed.data;
}
