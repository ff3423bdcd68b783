/**
 * Tracing (OpenTelemetry). The spans are made through @opentelemetry/api alone: without an SDK
 * registered, its tracer is a no-op (no span objects, no export). The SDK (a Node tracer provider
 * with an OTLP/HTTP JSON exporter and batching) is created only when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set (`startTracing`, from createApp).
 *
 * Spans: the HTTP request (SERVER), the GraphQL operation, each vendor call (CLIENT: method, host
 * and route template such as `/api/v2/users/{}`, never the query string, an id or a credential),
 * and the store's audit and claim writes. The X-Request-Id sent to vendors stays as it was.
 */
import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';

export const tracer: Tracer = trace.getTracer('unified-user-deletion');

/** Runs `f` in an active span, ended when it settles (an error sets the span's status, without its message). */
export async function inSpan<T>(name: string, attributes: Record<string, string | number | boolean>, f: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await f(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', err instanceof Error ? err.constructor.name : 'unknown');
      throw err;
    } finally {
      span.end();
    }
  });
}

export interface Tracing {
  /** Exports the spans left and stops the provider. */
  shutdown(): Promise<void>;
}

/** Creates and registers the SDK when `endpoint` is set; otherwise nothing (the API stays a no-op). */
export async function startTracing(endpoint: string | undefined, serviceName: string): Promise<Tracing | undefined> {
  if (!endpoint) return undefined;
  // Loaded only here: a service without tracing does not load the SDK at all.
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { ATTR_SERVICE_NAME }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 1_000 })],
  });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}

/**
 * Wraps the named async methods of a store object so each call is a span `store <prefix>.<method>`
 * (no arguments recorded). Applied only when tracing is on, so without it nothing changes.
 */
export function traceMethods<T extends object>(target: T, prefix: string, names: ReadonlyArray<keyof T & string>, system: string): void {
  for (const name of names) {
    const original = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return inSpan(`store ${prefix}.${name}`, { 'db.system.name': system, 'db.operation.name': `${prefix}.${name}` }, () => original.apply(this, args), SpanKind.CLIENT);
    };
    Object.defineProperty(target, name, { value: wrapped, configurable: true, writable: true });
  }
}
