import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from '../../../test/helpers/fake-vendor.js';
import { AppError } from '../../errors.js';
import { VendorHttp, type VendorCall } from './http.js';
import { literal, path } from './path.js';
import { Transport } from './transport.js';
import type { VendorErrors } from './types.js';

let fake: FakeVendor;
const open = new Transport({ allowPrivateHosts: true });
const strict = new Transport({ allowPrivateHosts: false });

function client(opts: Partial<ConstructorParameters<typeof VendorHttp>[0]> = {}, calls: VendorCall[] = []) {
  return new VendorHttp({
    transport: open,
    baseUrl: new URL(`${fake.url}/base/v1`),
    auth: { headers: { authorization: 'Bearer sekret-token-123' }, query: {}, secrets: ['sekret-token-123'] },
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, maxWaitMs: 2_000, baseDelayMs: 5 },
    maxBodyBytes: 10_000,
    integration: 'Acme',
    onCall: (c) => calls.push(c),
    ...opts,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.stop();
  await open.close();
  await strict.close();
});
beforeEach(() => fake.reset());

describe('vendor HTTP client', () => {
  it('joins the base path, encodes query values, sends JSON and auth', async () => {
    fake.on('POST /base/v1/things/a%2Fb', { status: 201, body: { ok: 1 } });
    const res = await client().request('POST', path`/things/${'a/b'}`, { query: { q: 'x y', list: ['1', '2'], nested: { a: 'b' } }, json: { hello: 'world' } });
    expect(res).toMatchObject({ status: 201, body: { ok: 1 } });
    const r = fake.requests[0]!;
    expect(r.search).toBe('q=x+y&list%5B%5D=1&list%5B%5D=2&nested%5Ba%5D=b');
    expect(r.headers.authorization).toBe('Bearer sekret-token-123');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual({ hello: 'world' });
  });

  it('times out a hanging vendor with TIMEOUT', async () => {
    fake.on('GET /base/v1/slow', () => new Promise((resolve) => setTimeout(() => resolve({ body: {} }), 3_000)));
    const err = await failure(client({ timeoutMs: 200 }).get(literal('/slow')));
    expect(err.code).toBe('TIMEOUT');
  });

  it('bounds the whole call, also a body that trickles in (each chunk inside bodyTimeout)', async () => {
    const { createServer } = await import('node:http');
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":"');
      const t = setInterval(() => res.write('x'), 40);
      res.on('close', () => clearInterval(t));
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    try {
      const started = Date.now();
      const calls: VendorCall[] = [];
      const err = await failure(client({ timeoutMs: 300, baseUrl: new URL(`http://127.0.0.1:${port}/v1`) }, calls).get(literal('/drip')));
      expect(err.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(calls).toHaveLength(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('does not follow redirects', async () => {
    fake.on('GET /base/v1/moved', { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } });
    const err = await failure(client().get(literal('/moved')));
    expect(err.code).toBe('REMOTE_ERROR');
    expect(err.message).toMatch(/redirect/);
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses bodies over the limit and malformed JSON in a success', async () => {
    fake.on('GET /base/v1/huge', { body: { blob: 'x'.repeat(20_000) } }).on('GET /base/v1/bad', { headers: { 'content-type': 'application/json' }, text: '{"user": {"id": 1' });
    expect((await failure(client().get(literal('/huge')))).message).toMatch(/larger than 10000 bytes/);
    const bad = await failure(client().get(literal('/bad')));
    expect(bad.code).toBe('REMOTE_ERROR');
    expect(bad.message).toMatch(/malformed JSON/);
  });

  it('retries 503 then succeeds, recording each attempt', async () => {
    const calls: VendorCall[] = [];
    fake.on('DELETE /base/v1/users/1', { status: 503 }, { status: 204 });
    await client({}, calls).delete(path`/users/${'1'}`);
    expect(calls.map((c) => [c.method, c.status, c.attempt])).toEqual([
      ['DELETE', 503, 1],
      ['DELETE', 204, 2],
    ]);
  });

  it('redacts credentials a vendor echoes back, and secret-looking fields', async () => {
    fake.on('GET /base/v1/echo', { status: 400, body: { message: 'bad token sekret-token-123', password: 'hunter2', nested: { api_key: 'k' } } });
    const err = await failure(client().get(literal('/echo')));
    const text = JSON.stringify(err.details);
    expect(text).not.toContain('sekret-token-123');
    expect(text).not.toContain('hunter2');
    expect(err.details.remote).toEqual({ status: 400, body: { message: 'bad token [REDACTED]', password: '[REDACTED]', nested: { api_key: '[REDACTED]' } } });
  });

  it('keeps query credentials out of the call log', async () => {
    const calls: VendorCall[] = [];
    fake.on('GET /base/v1/members', { body: [] });
    await client({ auth: { headers: {}, query: { key: 'trello-key-1', token: 'trello-token-1' }, secrets: ['trello-key-1', 'trello-token-1'] } }, calls).get(literal('/members'));
    expect(fake.requests[0]!.query).toEqual({ key: 'trello-key-1', token: 'trello-token-1' });
    expect(calls[0]!.url).not.toContain('trello-');
  });

  it('refuses private hosts when not allowed, before sending anything', async () => {
    fake.on('GET /base/v1/x', { body: {} });
    const err = await failure(client({ transport: strict }).get(literal('/x')));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/ALLOW_PRIVATE_PROVIDER_HOSTS/);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports an unreachable vendor without secrets', async () => {
    const err = await failure(client({ baseUrl: new URL('http://127.0.0.1:9/x') }).get(literal('/y')));
    expect(err.code).toBe('REMOTE_ERROR');
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain('sekret');
  });

  it("turns a vendor's in-body failure into REMOTE_ERROR", async () => {
    fake.on('POST /base/v1/op', { body: { ok: false, error: 'not_allowed' } });
    const err = await failure(client({ errors: SLACKISH }).post(literal('/op')));
    expect(err.code).toBe('REMOTE_ERROR');
    expect(err.details.remote).toMatchObject({ status: 200, error: 'not_allowed' });
  });

  it("maps a vendor's error codes through its table, in 2xx bodies and error bodies alike", async () => {
    fake.on('POST /base/v1/op', { body: { ok: false, error: 'user_not_found' } });
    expect((await failure(client({ errors: SLACKISH }).post(literal('/op')))).code).toBe('NOT_FOUND');
    fake.reset();
    fake.on('POST /base/v1/op', { status: 400, body: { ok: false, error: 'cannot_modify_primary_owner' } });
    const owner = await failure(client({ errors: SLACKISH }).post(literal('/op')));
    expect(owner.code).toBe('FORBIDDEN');
    expect(owner.details.remote).toMatchObject({ status: 400, error: 'cannot_modify_primary_owner' });
    fake.reset();
    fake.on('POST /base/v1/op', { body: { ok: false, error: 'invalid_auth' } });
    expect((await failure(client({ errors: SLACKISH }).post(literal('/op')))).code).toBe('REAUTH_REQUIRED');
  });

  it('retries a body-level rate limit like a 429, then succeeds', async () => {
    fake.on('POST /base/v1/op', { body: { ok: false, error: 'ratelimited' } }, { body: { ok: true } });
    await expect(client({ errors: SLACKISH }).post(literal('/op'))).resolves.toEqual({ ok: true });
    expect(fake.requests).toHaveLength(2);
  });

  it('refreshes once on a body-level expired token, like a 401', async () => {
    let refreshed = 0;
    fake.on('POST /base/v1/op', { body: { ok: false, error: 'token_expired' } }, { body: { ok: true } });
    const http = client({
      errors: SLACKISH,
      onUnauthorized: async () => (refreshed++, { headers: { authorization: 'Bearer fresh-token' }, query: {}, secrets: ['fresh-token'] }),
    });
    await expect(http.post(literal('/op'))).resolves.toEqual({ ok: true });
    expect(refreshed).toBe(1);
    expect(fake.requests[1]?.headers.authorization).toBe('Bearer fresh-token');
  });

  it('takes the documented wait when a rate-limited answer gives no hint, and reports it when it is too long to wait', async () => {
    fake.on('GET /base/v1/y', { status: 429, body: {} });
    const err = await failure(client({ rateLimit: { defaultWaitMs: 60_000 } }).get(literal('/y')));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.details.retryAfter).toBe(60);
    expect(fake.requests).toHaveLength(1);
  });

  it('treats declared statuses and a 403 with Retry-After as rate limits where the vendor documents them', async () => {
    fake.on('GET /base/v1/y', { status: 423, headers: { 'retry-after': '0' }, body: {} }, { body: { ok: 1 } });
    await expect(client({ rateLimit: { statuses: [423] } }).get(literal('/y'))).resolves.toEqual({ ok: 1 });
    fake.reset();
    fake.on('GET /base/v1/y', { status: 403, headers: { 'retry-after': '0', 'x-ratelimit-remaining': '12' }, body: {} }, { body: { ok: 2 } });
    await expect(client({ rateLimit: { forbiddenWithRetryAfter: true, remainingHeader: 'x-ratelimit-remaining' } }).get(literal('/y'))).resolves.toEqual({ ok: 2 });
    fake.reset();
    fake.on('GET /base/v1/y', { status: 403, headers: { 'retry-after': '0' }, body: {} });
    expect((await failure(client({}).get(literal('/y')))).code).toBe('FORBIDDEN');
  });
  it('sends a call to the root of another origin of the vendor when asked, with the same auth', async () => {
    fake.on('GET /v0/meta/whoami', { body: { id: 'usr1' } });
    const http = client();
    expect(http.base.href).toBe(`${fake.url}/base/v1`);
    const me = await http.get(path`/v0/meta/whoami`, { origin: http.base.origin });
    expect(me).toEqual({ id: 'usr1' });
    expect(fake.calls()).toEqual(['GET /v0/meta/whoami']);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sekret-token-123');
    // An origin is only scheme, host and port: anything else is a programming error, never sent.
    await expect(http.get(path`/x`, { origin: `${fake.url}/other` })).rejects.toThrow(/not an origin/);
    expect(fake.requests).toHaveLength(1);
  });

  it('awaits the recovery point before a destructive call leaves (once per call, not per retry; never for reads or dry runs)', async () => {
    const order: string[] = [];
    fake.on('GET /base/v1/users/u1', () => (order.push('vendor GET'), { body: { id: 'u1' } }));
    fake.on('DELETE /base/v1/users/u1', () => (order.push('vendor DELETE 503'), { status: 503 }), () => (order.push('vendor DELETE'), { status: 204 }));
    const points: VendorCall[] = [];
    const recoveryPoint = async (c: VendorCall) => {
      await new Promise((r) => setTimeout(r, 20)); // a commit
      points.push(c);
      order.push('recovery point');
    };
    const http = client({ recoveryPoint });
    await http.get(path`/users/${'u1'}`);
    await http.delete(path`/users/${'u1'}`);
    expect(order).toEqual(['vendor GET', 'recovery point', 'vendor DELETE 503', 'vendor DELETE']);
    expect(points).toEqual([{ method: 'DELETE', url: `${fake.url}/base/v1/users/u1`, durationMs: 0, attempt: 1, sending: true }]);

    // A recovery point that cannot be written: nothing is sent.
    fake.reset();
    fake.on('DELETE /base/v1/users/u2', { status: 204 });
    await expect(client({ recoveryPoint: () => Promise.reject(new Error('store down')) }).delete(path`/users/${'u2'}`)).rejects.toThrow('store down');
    expect(fake.requests).toEqual([]);

    // Dry run: planned, not sent, no recovery point.
    let called = 0;
    await client({ dryRun: true, recoveryPoint: async () => void called++ }).delete(path`/users/${'u2'}`);
    expect(called).toBe(0);
    expect(fake.requests).toEqual([]);
  });


  it('with a request deadline: a retry wait that would overrun it is answered at once as RATE_LIMITED with the vendor\'s wait', async () => {
    fake.on('GET /base/v1/y', { status: 429, headers: { 'retry-after': '25' }, body: {} });
    let now = 1_000_000;
    const waits: number[] = [];
    const http = client({ deadline: now + 2_000, now: () => now, sleep: async (ms) => void waits.push(ms), retry: { maxAttempts: 5, maxWaitMs: 30_000, baseDelayMs: 5 } });
    const err = await failure(http.get(literal('/y')));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.details.retryAfter).toBe(25);
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    // The same answer within the deadline's room is waited for and retried.
    fake.reset();
    fake.on('GET /base/v1/y', { status: 429, headers: { 'retry-after': '1' }, body: {} }, { body: { ok: 1 } });
    now = 1_000_000;
    await expect(client({ deadline: now + 5_000, now: () => now, sleep: async (ms) => void (now += ms), retry: { maxAttempts: 5, maxWaitMs: 30_000, baseDelayMs: 5 } }).get(literal('/y'))).resolves.toEqual({ ok: 1 });
  });

  it('with a request deadline: a 503 whose retry would overrun it is a TIMEOUT at once; no call starts past the deadline', async () => {
    fake.on('GET /base/v1/y', { status: 503, headers: { 'retry-after': '10' }, body: {} });
    const now = 1_000_000;
    const err = await failure(client({ deadline: now + 3_000, now: () => now, retry: { maxAttempts: 3, maxWaitMs: 30_000, baseDelayMs: 5 } }).get(literal('/y')));
    expect(err).toMatchObject({ code: 'TIMEOUT', details: { deadline: true, retryAfter: 10 } });
    fake.reset();
    fake.on('DELETE /base/v1/users/u1', { status: 204 });
    const points: VendorCall[] = [];
    const late = await failure(client({ deadline: now + 10, now: () => now, recoveryPoint: async (c) => void points.push(c) }).delete(path`/users/${'u1'}`));
    expect(late).toMatchObject({ code: 'TIMEOUT', details: { deadline: true } });
    expect(late.message).toMatch(/it was not sent/);
    expect(points).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("with a request deadline: a vendor slower than what is left is cut at the deadline, not at its own timeout", async () => {
    fake.on('GET /base/v1/slow', async () => (await new Promise((r) => setTimeout(r, 1_500)), { body: {} }));
    const err = await failure(client({ timeoutMs: 10_000, deadline: Date.now() + 300 }).get(literal('/slow')));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/before the request's deadline/);
  });
});

const SLACKISH: VendorErrors = {
  code: (b) => {
    const body = b as { ok?: unknown; error?: unknown } | undefined;
    return body && typeof body === 'object' && body.ok === false ? String(body.error ?? 'unknown_error') : undefined;
  },
  bodyLevel: true,
  table: { user_not_found: 'NOT_FOUND', cannot_modify_primary_owner: 'FORBIDDEN', invalid_auth: 'REAUTH_REQUIRED', token_expired: 'TOKEN_EXPIRED', ratelimited: 'RATE_LIMITED' },
  docs: 'https://docs.slack.dev/apis/web-api/',
};

