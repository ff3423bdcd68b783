/**
 * Operating the service: one structured log line per request (with the request id the vendor
 * also receives), Prometheus metrics, and the GraphQL limits on depth, aliases, fields and batching.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

const ZD_TOKEN = 'zd-observability-token-42';
let svc: RunningService;
let fake: FakeVendor;
let acc: string;

const DELETE = `mutation($id: ID!, $acc: ID!) { deleteUser(id: $id, integratedAccountId: $acc) { id deletionOutcome } }`;

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  acc = await createAccount(svc, { integration: 'zendesk', credentials: { method: 'api_token', email: 'ops@acme.com', apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: fake.url });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

describe('logs', () => {
  it('writes one JSON line per request with the request id, which the vendor receives too; no secret in any line', async () => {
    fake.on('GET /api/v2/users/11', { body: fixture('zendesk', 'user.json') }).on('DELETE /api/v2/users/11', { body: { user: { id: 11, active: false } } });
    const before = svc.logs.length;
    const res = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, 'x-request-id': 'ops-req-0001' },
      body: JSON.stringify({ query: DELETE, variables: { id: '11', acc } }),
    });
    expect(res.headers.get('x-request-id')).toBe('ops-req-0001');
    await res.text();
    await new Promise((r) => setTimeout(r, 20));
    const lines = svc.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.filter((l) => l.reqId === 'ops-req-0001');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 'info', msg: 'request', method: 'POST', path: '/graphql', operation: 'graphql.mutation.deleteUser', status: 200, outcome: 'ok', tenant: 'default' });
    expect(typeof mine[0]!.durationMs).toBe('number');
    expect(fake.requests.map((r) => r.headers['x-request-id'])).toEqual(['ops-req-0001', 'ops-req-0001']);

    // a generated id when none (or a malformed one) is given
    const other = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const all = svc.logs.join('\n');
    for (const secret of [ZD_TOKEN, ADMIN_KEY]) expect(all).not.toContain(secret);
  });

  it('logs the error code of a failed GraphQL operation as its outcome', async () => {
    await svc.gql(DELETE, { id: '12', acc: '00000000-0000-0000-0000-000000000000' }, { headers: { 'x-request-id': 'ops-req-0002' } });
    await new Promise((r) => setTimeout(r, 20));
    const line = svc.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reqId === 'ops-req-0002');
    expect(line).toMatchObject({ outcome: 'INTEGRATED_ACCOUNT_NOT_FOUND', operation: 'graphql.mutation.deleteUser' });
  });
});

describe('the suite-wide secret scan', () => {
  it('fails a service stop when a registered credential appears in a log line', async () => {
    const probe = await startService();
    // Not a credential: a value every request log line carries, registered to prove the scan bites.
    probe.scan.add('probe', '/healthz');
    await fetch(`${probe.url}/healthz`);
    await new Promise((r) => setTimeout(r, 20));
    await expect(probe.stop()).rejects.toThrow(/credentials left the service: log line: probe/);
  });
});

describe('unexpected errors', () => {
  const SECRETISH = 'sk_live_0123456789abcdefghijklmnopqrstuvwxyz';
  async function errorLines(before: number) {
    await new Promise((r) => setTimeout(r, 20));
    return svc.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error');
  }
  async function unexpectedCount(where: string): Promise<number> {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    return Number(new RegExp(`^uud_unexpected_errors_total\\{where="${where}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  }

  it('in a resolver: answered as a bare internal error, logged once at error level with the request id and where, counted', async () => {
    const accounts = svc.app.accounts;
    const original = accounts.list;
    accounts.list = async () => {
      throw new TypeError(`cannot read the row (token ${SECRETISH})`);
    };
    const counted = await unexpectedCount('graphql');
    const before = svc.logs.length;
    try {
      const res = await fetch(`${svc.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, 'x-request-id': 'ops-unexpected-1' },
        body: JSON.stringify({ query: '{ integratedAccounts { id } }' }),
      });
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(body)).not.toContain('TypeError');
    } finally {
      accounts.list = original;
    }
    const errors = await errorLines(before);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reqId: 'ops-unexpected-1', errorClass: 'TypeError', msg: 'unexpected error (answered as INTERNAL_SERVER_ERROR)' });
    expect(String(errors[0]!.cause)).toMatch(/^cannot read the row \(token \[REDACTED\]\)$/);
    expect(String(errors[0]!.at)).toMatch(/^src\/.+\.ts:\d+$/);
    expect(JSON.stringify(errors)).not.toContain(SECRETISH);
    expect(JSON.stringify(errors)).not.toMatch(/\n\s+at /);
    expect(await unexpectedCount('graphql')).toBe(counted + 1);
  });

  it('outside GraphQL: a 500 with no cause in the answer, logged and counted', async () => {
    const keys = svc.app.apiKeys;
    const original = keys.authenticate;
    keys.authenticate = async () => {
      throw new RangeError('store went away');
    };
    const counted = await unexpectedCount('http');
    const before = svc.logs.length;
    try {
      const res = await fetch(`${svc.url}/unified/user-directory/users/1?integrated_account_id=${acc}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('store went away');
    } finally {
      keys.authenticate = original;
    }
    const errors = await errorLines(before);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ errorClass: 'RangeError', cause: 'store went away', operation: 'rest.deleteUser' });
    expect(await unexpectedCount('http')).toBe(counted + 1);
  });

  it('errors raised on purpose (bad input, not found) are not logged as unexpected', async () => {
    const before = svc.logs.length;
    await svc.gql(DELETE, { id: '1', acc: 'no-such-account' });
    await svc.gql('{ nope }');
    expect(await errorLines(before)).toEqual([]);
  });
});

describe('metrics', () => {
  it('serves Prometheus text: requests by operation and outcome, vendor calls by integration and status, retries and rate-limit waits', async () => {
    fake
      .on('GET /api/v2/users/21', { status: 429, headers: { 'retry-after': '0' }, body: {} }, { body: fixture('zendesk', 'user.json') })
      .on('DELETE /api/v2/users/21', { body: { user: { id: 21, active: false } } });
    const res = await svc.gql(DELETE, { id: '21', acc });
    expect(res.body.errors).toBeUndefined();
    const m = await fetch(`${svc.url}/metrics`);
    expect(m.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await m.text();
    expect(text).toMatch(/uud_requests_total\{operation="graphql\.mutation\.deleteUser",outcome="ok"\} \d+/);
    expect(text).toMatch(/uud_vendor_calls_total\{integration="zendesk",status="429"\} 1/);
    expect(text).toMatch(/uud_vendor_calls_total\{integration="zendesk",status="200"\} \d+/);
    expect(text).toMatch(/uud_vendor_retries_total\{integration="zendesk"\} 1/);
    expect(text).toMatch(/uud_rate_limit_waits_total\{integration="zendesk"\} 1/);
    expect(text).toMatch(/uud_deletions_total\{integration="zendesk",outcome="DELETED"\} \d+/);
    expect(text).toMatch(/uud_request_duration_seconds_bucket\{le="0.005",operation="graphql\.mutation\.deleteUser"\}/);
    expect(text).toMatch(/process_resident_memory_bytes/);
    expect(text).not.toContain(ZD_TOKEN);
  });

  it('needs METRICS_TOKEN when one is configured', async () => {
    const guarded = await startService({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});

describe('GraphQL limits', () => {
  it('rejects deep, alias-heavy and field-heavy operations before running them, naming the limit', async () => {
    expect((await svc.gql(`{ integrations { slug params { name } authMethods { credentialFields { name } } } }`)).body.errors).toBeUndefined();

    const nest = (n: number) => `query Deep { __schema { types { ${'fields { type { '.repeat(n)}name${' } }'.repeat(n)} } } }`;
    const tooDeep = await svc.gql(nest(8));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors![0]!.message).toMatch(/Operation Deep is nested deeper than 15 levels/);

    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: integrations { slug }`).join(' ')} }`;
    const tooMany = await svc.gql(aliases);
    expect(tooMany.body.errors![0]!.message).toMatch(/more than 30 aliases/);

    const frag = `fragment F on Integration { slug name implemented docsUrl defaultBaseUrl }
      fragment G on Query { integrations { ...F ...F } }
      query Wide { ${Array.from({ length: 25 }, (_, i) => `q${i}: integrations { ...F params { name restName type required supported description } }`).join(' ')} ...G }`;
    const fragBomb = `fragment A on Integration { slug name ${'implemented '.repeat(1)} }
      ${Array.from({ length: 12 }, (_, i) => `fragment L${i} on Integration { ${i === 0 ? '...A ...A' : `...L${i - 1} ...L${i - 1}`} }`).join('\n')}
      query Bomb { integrations { ...L11 } }`;
    const bomb = await svc.gql(fragBomb);
    expect(bomb.body.errors![0]!.message).toMatch(/more than 2000 fields once fragments are expanded/);
    expect((await svc.gql(frag)).body.errors).toBeUndefined();
  });

  it('refuses batched requests and oversized bodies', async () => {
    const batch = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify([{ query: '{ integrations { slug } }' }, { query: '{ integrations { slug } }' }]),
    });
    expect(batch.status).toBe(400);
    const huge = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: `{ integrations { slug } } # ${'x'.repeat(1_100_000)}` }),
    });
    expect(huge.status).toBe(413);
    expect(fake.requests).toEqual([]);
  });
});

describe('log scrubbing', () => {
  it('censors secret keys at the top level, one level down and in req.headers, copying only what it changes', async () => {
    const { scrubLogObject, CENSOR } = await import('../src/observability.js');
    const clean = { reqId: 'r1', status: 200, tenant: 'default', nested: { a: 1 } };
    expect(scrubLogObject(clean)).toBe(clean);
    const dirty = {
      authorization: 'Bearer uud_secret',
      account: { id: 'a1', credentials: { token: 'x' }, accessToken: 'at', refreshToken: 'rt', clientSecret: 'cs', password: 'pw', secret: 's', apiToken: 'api' },
      headers: { authorization: 'Bearer h', 'idempotency-key': 'k', accept: 'json' },
      req: { headers: { authorization: 'Bearer r', host: 'h' }, method: 'POST' },
      token: 'top',
    };
    const before = JSON.stringify(dirty);
    const out = scrubLogObject(dirty) as any;
    expect(JSON.stringify(dirty)).toBe(before);
    expect(out.authorization).toBe(CENSOR);
    expect(out.token).toBe(CENSOR);
    expect(out.account).toEqual({ id: 'a1', credentials: CENSOR, accessToken: CENSOR, refreshToken: CENSOR, clientSecret: CENSOR, password: CENSOR, secret: CENSOR, apiToken: CENSOR });
    expect(out.headers).toEqual({ authorization: CENSOR, 'idempotency-key': CENSOR, accept: 'json' });
    expect(out.req).toEqual({ headers: { authorization: CENSOR, host: 'h' }, method: 'POST' });
    for (const s of ['uud_secret', 'Bearer h', 'Bearer r', '"at"', '"rt"', '"cs"', '"pw"', '"api"', 'top']) expect(JSON.stringify(out)).not.toContain(s);
  });

  it('is what the service logger applies', async () => {
    const { createLogger } = await import('../src/observability.js');
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => void lines.push(l) });
    log.info({ account: { credentials: { token: 'tok-123456' } }, authorization: 'Bearer abc' }, 'x');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('tok-123456');
    expect(lines[0]).not.toContain('Bearer abc');
    expect(JSON.parse(lines[0]!)).toMatchObject({ account: { credentials: '[REDACTED]' }, authorization: '[REDACTED]' });
  });
});
