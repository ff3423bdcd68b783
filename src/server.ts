/**
 * The HTTP side: one node:http server carrying GraphQL (Apollo Server, executed through its
 * HTTP integration API), the health check, and later the REST endpoint. Start-up wiring lives
 * in `createApp`: config → store → services → server.
 */
import 'reflect-metadata';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import type { DestinationStream } from 'pino';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { AppError, ErrorCode } from './errors.js';
import { AUDIT_EXPORT_PATH, handleAuditExport } from './rest/audit-export.js';
import { handleRestDelete, REST_PATH, sendRestError } from './rest/delete-user.js';
import { handleRestOffboarding, OFFBOARDINGS_PATH } from './rest/offboardings.js';
import { headerValue, sendJson } from './respond.js';
import { serveGraphiQL } from './graphiql.js';
import type { GraphQLContext } from './graphql/context.js';
import { DEFAULT_LIMITS, documentSizeError, queryLimitsRule } from './graphql/limits.js';
import { buildSubgraph } from './graphql/schema.js';
import { createLogger, Metrics, reportUnexpected } from './observability.js';
import { openServices } from './services.js';
import { inSpan, startTracing, traceMethods, tracer } from './tracing.js';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { isPostgres } from './store/db.js';
import { embeddedOf } from './store/embedded.js';
import { checkStore } from './store/health.js';
import { AccountStore } from './store/accounts.js';
import type { DB } from './store/db.js';
import { ApiKeyStore, type ApiPrincipal } from './store/api-keys.js';

export interface App {
  server: Server;
  /** The store (for operators' tools and the bench). */
  db: Kysely<DB>;
  accounts: AccountStore;
  apiKeys: ApiKeyStore;
  /**
   * Set by listen() on the first start without ADMIN_API_KEY (no admin key in the store yet): the
   * generated admin key, to print once. Generated only once the server listens.
   */
  generatedAdminKey?: string;
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Graceful shutdown (see `shutdown` in createApp), once: later calls return the same promise.
   * `reason` (the signal) goes in the log lines.
   */
  close(reason?: string): Promise<void>;
}

/** How long shutdown gives each last store write (in-flight deletions marked INTERRUPTED, the pending audit writes) when the grace period is spent. */
const INTERRUPT_MS = 2_000;

/** How long GET /readyz waits for the store before answering 503. */
const READY_TIMEOUT_MS = 2_000;

const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_HASH_MISMATCH',
]);

/**
 * Apollo Server refuses an automatic persisted query whose sha256Hash is not the query's with a
 * 400 and this message but no code; Apollo Router's code for it is PERSISTED_QUERY_HASH_MISMATCH.
 */
const APQ_HASH_MISMATCH = 'provided sha does not match query';

/** Only errors with a known code keep their message; anything else is a bare internal error. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.message === APQ_HASH_MISMATCH) {
    return { message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query', extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _omit, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export interface AppOptions {
  /** Where log lines go (stdout by default); tests capture them to scan for secrets. */
  logDestination?: DestinationStream;
}

/** What the request handler learns about a request, for its log line and metrics. */
interface RequestInfo {
  id: string;
  operation: string;
  outcome: string;
  tenantId?: string;
  /** When the request arrived (epoch ms): its deadline counts from then. */
  arrivedAt: number;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const metrics = new Metrics();
  const log = createLogger(config.LOG_LEVEL, options.logDestination);
  // The stores and the deletion use case, shared with the operators' CLI (src/services.ts).
  const { db, accounts, apiKeys, audit, reads, idempotency, transport, deletion, offboarding, instances, recovery } = await openServices(config, { metrics, log });
  // The embedded store's writer thread starts now, not with the first request (the CLI's starts lazily).
  embeddedOf(db)?.warm();
  // A configured admin key is stored now. Without one, a key is generated only once the server
  // listens (see listen()): a first start that fails to listen (port taken) stores no key that
  // nobody saw, and the next start generates one.
  if (config.ADMIN_API_KEY) await apiKeys.ensureAdmin(config.ADMIN_API_KEY);
  // Retention: audit records older than AUDIT_RETENTION_DAYS and expired idempotency keys go,
  // at start and every hour.
  const sweep = async () => {
    await audit.prune(new Date(Date.now() - config.AUDIT_RETENTION_DAYS * 86_400_000));
    await reads.prune(new Date(Date.now() - config.AUDIT_RETENTION_DAYS * 86_400_000));
    await offboarding.prune(new Date(Date.now() - config.AUDIT_RETENTION_DAYS * 86_400_000));
    await idempotency.prune();
  };
  await sweep();
  const sweeper = setInterval(() => void sweep().catch(() => undefined), 3_600_000);
  sweeper.unref();

  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSubgraph().schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts (and the demo) stop the app on SIGINT/SIGTERM; Apollo's own handler would re-raise
    // the signal and kill the process before the store is closed.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: [queryLimitsRule()],
    // Parsing is bounded too: the document's size before, its tokens during (graphql/limits.ts).
    parseOptions: { maxTokens: DEFAULT_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    // Federated tracing (ftv1) only when a router asks for it; errors in traces are masked.
    // No cache control: the schema declares no @cacheControl hints (nothing here may be cached:
    // every answer is per tenant and deletions are mutations), and Apollo's default plugin would
    // otherwise run a hook on every resolved field.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      observePlugin(),
      unexpectedErrorsPlugin((err, rc) => reportUnexpected(log, metrics, err, { reqId: rc.contextValue.requestId, operation: rc.contextValue.observe?.operation, where: 'graphql' })),
    ],
  });
  await apollo.start();

  /** Set when shutdown starts: /readyz answers 503 and every answer closes its connection. */
  let draining = false;
  /** The last store failure /readyz saw (logged when it changes), or undefined while the store answers. */
  let storeFailure: string | undefined;
  const readiness = async (): Promise<{ ready: boolean; status: string }> => {
    if (draining) return { ready: false, status: 'draining' };
    try {
      await checkStore(db, READY_TIMEOUT_MS);
    } catch (err) {
      const cause = (err instanceof Error ? err.message : 'unknown error').slice(0, 300);
      if (cause !== storeFailure) log.error({ cause }, 'readiness: the store check failed; /readyz answers 503');
      storeFailure = cause;
      return { ready: false, status: 'store unavailable' };
    }
    if (storeFailure !== undefined) log.info('readiness: the store answers again; /readyz answers 200');
    storeFailure = undefined;
    return { ready: true, status: 'ready' };
  };
  // Where the server listens (set by listen()); /metrics is open without a token only on loopback.
  let listenHost = config.HOST;
  let metricsOpen = isLoopbackHost(listenHost);

  /**
   * A REST caller: its API key's principal and its request deadline, or undefined once the error
   * (401, or 400 for a malformed X-Request-Deadline-Ms) has been answered.
   */
  const restCaller = async (req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<{ principal: ApiPrincipal; deadline: number } | undefined> => {
    const principal = await authenticate(apiKeys, req.headers.authorization);
    if (!principal) {
      sendRestError(res, new AppError('UNAUTHENTICATED', 'Missing or invalid API key: send Authorization: Bearer <key>'));
      return undefined;
    }
    info.tenantId = principal.tenantId;
    try {
      return { principal, deadline: requestDeadline(req, config.REQUEST_DEADLINE_MS, info.arrivedAt) };
    } catch (err) {
      sendRestError(res, err as AppError);
      return undefined;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Liveness: the process answers (whatever the store does).
    if (url.pathname === '/healthz') {
      info.operation = 'healthz';
      return sendJson(res, 200, { status: 'ok' });
    }
    // Readiness: the store answers and the service is not shutting down.
    if (url.pathname === '/readyz') {
      info.operation = 'readyz';
      const { ready, status } = await readiness();
      return sendJson(res, ready ? 200 : 503, { status });
    }
    if (url.pathname === '/metrics') {
      info.operation = 'metrics';
      // Open without a token only on a loopback listener; beyond it, METRICS_TOKEN is required.
      if (!config.METRICS_TOKEN && !metricsOpen) {
        return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: `The service listens beyond loopback (HOST=${listenHost}): set METRICS_TOKEN to serve /metrics, and scrape it with Authorization: Bearer <METRICS_TOKEN>` } });
      }
      if (config.METRICS_TOKEN && !sameSecret(req.headers.authorization, `Bearer ${config.METRICS_TOKEN}`)) {
        return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'Send Authorization: Bearer <METRICS_TOKEN>' } });
      }
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      return void res.end(await metrics.registry.metrics());
    }
    // GraphiQL for browsers (GET /graphql asking for HTML) and its assets: no API key, no secret in it.
    if (serveGraphiQL(req, res, url.pathname)) {
      info.operation = 'graphiql';
      return;
    }
    // Matched on the raw path, so an id such as `..` reaches validation instead of being resolved away.
    const rest = REST_PATH.exec((req.url ?? '/').split('?')[0] ?? '');
    if (rest) {
      info.operation = 'rest.deleteUser';
      const caller = await restCaller(req, res, info);
      if (!caller) return;
      const { principal, deadline } = caller;
      return handleRestDelete(req, res, url, rest[1] ?? '', { deletion, loaders: () => deletion.createLoaders(principal.tenantId), principal, requestId: info.id, deadline });
    }
    const offboardings = OFFBOARDINGS_PATH.exec((req.url ?? '/').split('?')[0] ?? '');
    if (offboardings) {
      info.operation = 'rest.offboarding';
      const caller = await restCaller(req, res, info);
      if (!caller) return;
      const { principal, deadline } = caller;
      const body = () =>
        readJson(req, config.MAX_REQUEST_BYTES).catch((err: unknown) => {
          if (!(err instanceof BodyError)) throw err;
          // The rest of an oversized body is never read: the answer closes the connection.
          if (err.tooLarge) res.setHeader('connection', 'close');
          throw new AppError('BAD_USER_INPUT', err.message);
        });
      return handleRestOffboarding(req, res, offboardings[1], body, { offboarding, loaders: () => deletion.createLoaders(principal.tenantId), principal, requestId: info.id, deadline });
    }
    if (url.pathname === AUDIT_EXPORT_PATH) {
      info.operation = 'rest.auditExport';
      const principal = await authenticate(apiKeys, req.headers.authorization);
      if (!principal) return sendRestError(res, new AppError('UNAUTHENTICATED', 'Missing or invalid API key: send Authorization: Bearer <key>'));
      return handleAuditExport(res, req.method, url, principal, audit);
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url.pathname.slice(0, 200)}` } });

    info.operation = 'graphql';
    const principal = await authenticate(apiKeys, req.headers.authorization);
    info.tenantId = principal?.tenantId;
    if (!principal) {
      return sendJson(res, 401, { errors: [{ message: 'Missing or invalid API key: send Authorization: Bearer <key>', extensions: { code: 'UNAUTHENTICATED' } }] }, { 'www-authenticate': 'Bearer' });
    }
    let deadline: number;
    try {
      deadline = requestDeadline(req, config.REQUEST_DEADLINE_MS, info.arrivedAt);
    } catch (err) {
      return sendJson(res, 400, { errors: [{ message: (err as AppError).message, extensions: { code: 'BAD_USER_INPUT', field: DEADLINE_HEADER } }] });
    }
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJson(req, config.MAX_REQUEST_BYTES) : undefined;
    } catch (err) {
      const tooLarge = err instanceof BodyError && err.tooLarge;
      // The rest of an oversized body is never read: close the connection after the answer, or a
      // keep-alive client would reuse a connection stuck mid-body (and close() would wait for it).
      return sendJson(res, tooLarge ? 413 : 400, { errors: [{ message: (err as Error).message, extensions: { code: 'BAD_REQUEST' } }] }, tooLarge ? { connection: 'close' } : {});
    }
    const oversized = documentSizeError(body, url.searchParams);
    if (oversized) return sendJson(res, 400, { errors: [{ message: oversized, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const response = await inSpan('graphql', {}, async (span) => {
      const r = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => ({
        principal,
        loaders: deletion.createLoaders(principal.tenantId, { apiKeyId: principal.keyId, requestId: info.id }),
        deletion,
        offboarding,
        accounts,
        audit,
        reads,
        apiKeys,
        idempotencyKey: headerValue(req.headers['idempotency-key']),
        requestId: info.id,
        deadline,
        observe: info,
      }),
      });
      // The operation's name, once known (observePlugin): bounded by the schema (graphql.mutation.deleteUser).
      span.updateName(info.operation);
      span.setAttribute('graphql.operation.type', info.operation.split('.')[1] ?? 'unknown');
      return r;
    });
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of response.headers) outHeaders[k] = v;
    res.writeHead(response.status ?? 200, outHeaders);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  /** The shutdown, once started (close() returns it to every caller). */
  let closing: Promise<void> | undefined;
  /** Requests being answered: when shutdown starts, those whose headers are not sent yet get `Connection: close`. */
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const started = performance.now();
    const info: RequestInfo = { id: requestIdOf(req), operation: 'other', outcome: 'ok', arrivedAt: Date.now() };
    res.setHeader('x-request-id', info.id);
    // During shutdown the connection ends with this answer (a keep-alive client opens a new one elsewhere).
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    // The request's span (a no-op without the tracing SDK): named by the operation, never the raw path (it may hold a user id).
    const span = tracer.startSpan('HTTP', { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'uud.request_id': info.id } });
    // One log line and the request metrics when the answer is complete (or the client went away).
    res.once('close', () => {
      inFlight.delete(res);
      const seconds = (performance.now() - started) / 1000;
      const outcome = info.outcome !== 'ok' ? info.outcome : res.statusCode >= 400 ? String(res.statusCode) : 'ok';
      span.updateName(`${req.method ?? 'GET'} ${info.operation}`);
      span.setAttributes({ 'http.response.status_code': res.statusCode, 'uud.operation': info.operation, 'uud.outcome': outcome });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      metrics.requests.inc({ operation: info.operation, outcome });
      metrics.requestDuration.observe({ operation: info.operation }, seconds);
      log.info(
        {
          reqId: info.id,
          method: req.method,
          path: (req.url ?? '/').split('?')[0]!.slice(0, 300),
          operation: info.operation,
          status: res.statusCode,
          outcome,
          tenant: info.tenantId,
          durationMs: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    context.with(trace.setSpan(context.active(), span), () => handle(req, res, info)).catch((err: unknown) => {
      info.outcome = 'INTERNAL_SERVER_ERROR';
      reportUnexpected(log, metrics, err, { reqId: info.id, operation: info.operation, where: 'http' });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  // The tracing SDK only when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/tracing.ts); started last,
  // so a start that fails before leaves no provider registered.
  const tracing = await startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, config.OTEL_SERVICE_NAME);
  if (tracing) {
    const system = isPostgres(db) ? 'postgresql' : 'sqlite';
    traceMethods(audit, 'audit', ['start', 'finish', 'checkpoint', 'interrupt', 'markResumed'], system);
    traceMethods(accounts, 'accounts', ['loadMany'], system);
  }
  const app: App = {
    server,
    db,
    accounts,
    apiKeys,
    async listen(port = config.PORT, host = config.HOST) {
      listenHost = host;
      metricsOpen = isLoopbackHost(host);
      const url = await new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost}:${addr.port}`);
        });
      });
      if (!config.ADMIN_API_KEY) {
        try {
          const { generated } = await apiKeys.ensureAdmin(undefined);
          if (generated) app.generatedAdminKey = generated;
        } catch (err) {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          throw err;
        }
      }
      return url;
    },
    close(reason = 'close') {
      return (closing ??= shutdown(reason));
    },
  };
  return app;

  /**
   * Stops accepting connections, closes idle keep-alive ones, lets requests in flight finish
   * (their answers, and any later answer on their connections, carry `Connection: close`) for
   * up to SHUTDOWN_GRACE_MS, then cuts the connections left, stops the vendor transport and
   * closes the store (pending audit writes committed first, within what remains of the grace).
   */
  async function shutdown(reason: string): Promise<void> {
    const started = performance.now();
    const graceMs = config.SHUTDOWN_GRACE_MS;
    const remaining = () => Math.max(0, graceMs - (performance.now() - started));
    draining = true;
    clearInterval(sweeper);
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    log.info({ reason, graceMs, openConnections: await connectionCount(server), requestsInFlight: inFlight.size }, 'shutdown started: no new connections, idle ones closed, requests in flight may finish');
    // Connections whose answer had started before shutdown become idle when it ends: close them then.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    let forcedConnections = 0;
    try {
      if ((await within(closed, remaining())) === 'late') {
        forcedConnections = await connectionCount(server);
        server.closeAllConnections();
        await within(closed, 1_000);
      }
    } finally {
      clearInterval(idleSweep);
    }
    await apollo.stop();
    // Offboardings continuing in the background finish within the grace (what is cut stays PENDING in their record).
    await within(offboarding.drain(), remaining());
    // Vendor calls of handlers whose client went away may still run: waited for within the grace.
    const transportLate = (await within(transport.close(), remaining())) === 'late';
    // Deletions still running now outlived the grace period: their records become INTERRUPTED
    // (the calls that may have reached the vendor stay listed; a recovery point is refused from
    // then on, so no further destructive call leaves) before the vendor calls left are cut, so
    // that a cut call is recorded as what it is (may have reached the vendor), not as a failure.
    // Given at least INTERRUPT_MS even when the grace is spent (main.ts exits 5 s after it).
    let interrupted: string[] | undefined;
    await within(
      recovery.interruptOwn().then(
        (ids) => (interrupted = ids),
        () => undefined,
      ),
      Math.max(remaining(), INTERRUPT_MS),
    );
    if (transportLate) await transport.dispatcher.destroy().catch(() => undefined);
    recovery.stop();
    if (interrupted) {
      // Nothing of this process is in flight any more: its instance row goes (services.ts).
      await within(instances.close(), Math.max(remaining(), INTERRUPT_MS));
    } else {
      // The row stays (heartbeat stopped): the process is then judged gone, and the recovery of
      // another replica, or of the next start, marks its attempts.
      instances.stop();
      log.error('shutdown: marking in-flight deletions INTERRUPTED failed or timed out; the recovery of another process or of the next start marks them');
    }
    const fast = embeddedOf(db);
    // Pending audit writes are committed (also when the grace is spent: main.ts exits 5 s after it).
    if (fast) await within(fast.drain(), Math.max(remaining(), INTERRUPT_MS));
    await db.destroy();
    // The spans left are exported (within what remains of the grace).
    if (tracing) await within(tracing.shutdown(), Math.max(remaining(), INTERRUPT_MS));
    log.info({ reason, durationMs: Math.round(performance.now() - started), forcedConnections, interruptedDeletions: interrupted?.length ?? null }, 'shutdown complete');
  }
}

function connectionCount(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((err, n) => resolve(err ? 0 : n)));
}

/** 'done' when `p` settles within `ms`, else 'late' (p keeps running). */
async function within(p: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    return await Promise.race([p.then(() => 'done' as const, () => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Names GraphQL requests by their root field (bounded by the schema, unlike operation names) and outcome. */
function observePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const info = rc.contextValue.observe;
          if (!info) return;
          const op = rc.operation;
          const first = op?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
          if (op && first && first.kind === Kind.FIELD) info.operation = `graphql.${op.operation}.${first.name.value}`;
          const body = rc.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          if (errors?.length) info.outcome = String(errors[0]?.extensions?.code ?? 'ERROR');
        },
      };
    },
  };
}

/**
 * Errors that formatError will mask as INTERNAL_SERVER_ERROR (no known code) are reported once
 * each, so an operator sees their cause; errors raised on purpose (AppError and GraphQL's own) are not.
 */
function unexpectedErrorsPlugin(report: (err: unknown, rc: { contextValue: GraphQLContext }) => void): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(rc) {
          for (const e of rc.errors) {
            const code = e.extensions?.code;
            if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') continue;
            // graphql-js wraps what a resolver threw (a GraphQLError from toGraphQL wraps our AppError).
            let original: Error | undefined = e.originalError;
            while (original instanceof GraphQLError && original.originalError) original = original.originalError;
            if (original instanceof AppError && original.code !== 'INTERNAL_SERVER_ERROR') continue;
            report(original instanceof AppError && original.cause !== undefined ? original.cause : (original ?? e), rc);
          }
        },
      };
    },
  };
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(?:::ffff:)?(\d+)\.\d+\.\d+\.\d+$/.exec(h);
  return v4 !== null && v4[1] === '127' && isIP(h.replace(/^::ffff:/, '')) === 4;
}

/** Constant-time comparison of a header with the expected value. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The header a caller asks for a shorter deadline with (milliseconds). */
export const DEADLINE_HEADER = 'x-request-deadline-ms';

/**
 * When the request must be answered: REQUEST_DEADLINE_MS after it arrived, or sooner when the
 * caller asks for less with X-Request-Deadline-Ms (never later). A malformed value is refused.
 */
function requestDeadline(req: IncomingMessage, maxMs: number, arrivedAt: number): number {
  const asked = headerValue(req.headers[DEADLINE_HEADER]);
  if (asked === undefined) return arrivedAt + maxMs;
  if (!/^\d{1,9}$/.test(asked.trim()) || Number(asked) < 1) {
    throw new AppError('BAD_USER_INPUT', `X-Request-Deadline-Ms must be a whole number of milliseconds (at most ${maxMs}, this service's REQUEST_DEADLINE_MS)`, { field: DEADLINE_HEADER });
  }
  return arrivedAt + Math.min(Number(asked), maxMs);
}

/** The caller's X-Request-Id when it is a sane token, else a new one. */
function requestIdOf(req: IncomingMessage): string {
  const given = headerValue(req.headers['x-request-id']);
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

async function authenticate(apiKeys: ApiKeyStore, header: string | undefined): Promise<ApiPrincipal | undefined> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  return apiKeys.authenticate(m[1]);
}

class BodyError extends Error {
  constructor(message: string, readonly tooLarge = false) {
    super(message);
  }
}

/** One decoder for every request body: `decode` without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The request body, up to `max` bytes, from stream events (no async iterator per request). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        // Stop reading; the answer closes the connection (see the 413 above).
        req.pause();
        reject(new BodyError(`Request body is larger than ${max} bytes`, true));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.once('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  const raw = await readBody(req, max);
  // JSON is UTF-8 (RFC 8259); invalid bytes are refused rather than replaced by U+FFFD, which
  // would turn an id into another one and send that to the vendor.
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw new BodyError('Request body is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError('Request body is not valid JSON');
  }
}
