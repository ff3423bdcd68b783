/**
 * Tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set, one deleteUser exports (OTLP/HTTP, JSON) the spans
 * of the request, the GraphQL operation, each vendor call (method, host, route template) and the
 * store, in one trace, with no credential, user id or query value in them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { createAccount, startService } from './helpers/service.js';

const ZD_TOKEN = 'zd-tracing-secret-token-0123456789';
const TARGET = '35436';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
}

let receiver: Server;
let endpoint = '';
const bodies: string[] = [];
let fake: FakeVendor;

beforeAll(async () => {
  // A local OTLP/HTTP collector: keeps every export body.
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fake = await startFake();
});
afterAll(async () => {
  await fake.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

function spansOf(list: string[]): OtlpSpan[] {
  return list.flatMap((b) => {
    const doc = JSON.parse(b) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
    return doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });
}
const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : undefined);
};

describe('tracing over OTLP/HTTP', () => {
  it('without OTEL_EXPORTER_OTLP_ENDPOINT no tracer provider is registered (the API stays a no-op) and nothing is exported', async () => {
    const svc = await startService();
    try {
      const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
      expect(provider.getDelegate?.()?.constructor.name).toBe('NoopTracerProvider');
      expect(trace.getActiveSpan()).toBeUndefined();
      const res = await svc.gql('{ integrations { slug } }');
      expect(res.status).toBe(200);
    } finally {
      await svc.stop();
    }
    expect(bodies).toEqual([]);
  });

  it('exports the request, GraphQL operation, vendor call and store spans of one deleteUser, in one trace, without secrets', async () => {
    const svc = await startService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'uud-test' });
    const acc = await createAccount(svc, {
      integration: 'zendesk',
      credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN },
      context: { subdomain: 'acme' },
      baseUrl: `${fake.url}/zd`,
    });
    fake.on(`GET /zd/api/v2/users/${TARGET}`, { body: fixture('zendesk', 'user.json') });
    fake.on(`DELETE /zd/api/v2/users/${TARGET}`, { body: { user: { id: Number(TARGET), active: false } } });
    const res = await svc.gql(`mutation($id: ID!, $acc: ID!) { deleteUser(id: $id, integratedAccountId: $acc) { id deletionOutcome } }`, { id: TARGET, acc }, { headers: { 'x-request-id': 'trace-req-1' } });
    expect(res.body.errors).toBeUndefined();
    // stop() shuts the provider down, which exports the spans left.
    await svc.stop();

    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) svc.scan.check('OTLP export', b);
    expect(svc.scan.hits).toEqual([]);
    const all = spansOf(bodies);
    const request = all.find((s) => s.name === 'POST graphql.mutation.deleteUser');
    expect(request, all.map((s) => s.name).join(', ')).toBeDefined();
    expect(request!.kind).toBe(2); // SERVER
    expect(attr(request!, 'uud.request_id')).toBe('trace-req-1');
    expect(attr(request!, 'http.response.status_code')).toBe(200);
    const trace = all.filter((s) => s.traceId === request!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const ancestors = (s: OtlpSpan): string[] => (s.parentSpanId && byId.get(s.parentSpanId) ? [byId.get(s.parentSpanId)!.name, ...ancestors(byId.get(s.parentSpanId)!)] : []);

    const operation = trace.find((s) => s.name === 'graphql.mutation.deleteUser');
    expect(operation?.parentSpanId).toBe(request!.spanId);

    const host = new URL(fake.url).hostname;
    const vendor = trace.filter((s) => s.kind === 3 && attr(s, 'http.request.method') !== undefined);
    const del = vendor.find((s) => s.name === 'DELETE /api/v2/users/{}');
    expect(del, vendor.map((s) => s.name).join(', ')).toBeDefined();
    expect(del!.attributes.map((a) => a.key).sort()).toEqual(['http.request.method', 'http.request.resend_count', 'http.response.status_code', 'server.address', 'url.template', 'uud.integration']);
    expect([attr(del!, 'http.request.method'), attr(del!, 'server.address'), attr(del!, 'url.template'), attr(del!, 'http.response.status_code')]).toEqual(['DELETE', host, '/api/v2/users/{}', 200]);
    expect(vendor.some((s) => s.name === 'GET /api/v2/users/{}')).toBe(true);
    expect(ancestors(del!)).toContain('graphql.mutation.deleteUser');

    const store = trace.filter((s) => s.name.startsWith('store '));
    expect(store.map((s) => s.name)).toEqual(expect.arrayContaining(['store audit.start', 'store audit.checkpoint', 'store audit.finish', 'store accounts.loadMany']));
    expect(ancestors(store.find((s) => s.name === 'store audit.finish')!)).toContain('graphql.mutation.deleteUser');

    // The user id appears in no span name or attribute (the route is a template).
    for (const s of trace) {
      expect(s.name).not.toContain(TARGET);
      for (const a of s.attributes) expect(JSON.stringify(a.value)).not.toContain(TARGET);
    }
  }, 60_000);
});
