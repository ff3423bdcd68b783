/**
 * The request deadline (REQUEST_DEADLINE_MS, or less with X-Request-Deadline-Ms): a deleteUser is
 * answered within it whatever the vendor does — retry waits that would overrun it are answered at
 * once as RATE_LIMITED (with the vendor's wait) or TIMEOUT, before any further destructive call, and
 * a multi-step deletion stopped by it says which steps were made. Part of the fault suite: no
 * request outlives its deadline by more than a small margin.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

const DEADLINE_MS = 2_500;
/** What the answer may take beyond the deadline: the HTTP round trip and the audit write. */
const MARGIN_MS = 750;
const OKTA = '00ub0oNGTSWTBKOLGLNR';

let svc: RunningService;
let fake: FakeVendor;
const acc: Record<string, string> = {};

const DELETE = `mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $acc, input: $input) { id deletionOutcome }
}`;

beforeAll(async () => {
  fake = await startFake();
  svc = await startService({ REQUEST_DEADLINE_MS: String(DEADLINE_MS), VENDOR_MAX_RETRY_WAIT_MS: '30000', VENDOR_MAX_ATTEMPTS: '10', VENDOR_TIMEOUT_MS: '15000' });
  acc.okta = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: '00deadline-okta-token' }, context: { domain: 'acme.okta.com' }, baseUrl: `${fake.url}/okta` });
  acc.zendesk = await createAccount(svc, {
    integration: 'zendesk',
    credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: 'deadline-zendesk-token' },
    context: { subdomain: 'acme' },
    baseUrl: `${fake.url}/zd`,
  });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

describe('the request deadline', () => {
  it('stops a multi-step deletion whose next step would wait past it, and says which steps were made', async () => {
    fake
      .on(`GET /okta/api/v1/users/${OKTA}`, { body: fixture('okta', 'user.json') })
      .on(`POST /okta/api/v1/users/${OKTA}/lifecycle/deactivate`, { body: {} })
      .on(`DELETE /okta/api/v1/users/${OKTA}`, { status: 429, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 25) }, body: { errorCode: 'E0000047' } });
    const { value: res, ms } = await timed(() => svc.gql(DELETE, { id: OKTA, acc: acc.okta }));
    const err = res.body.errors?.[0];
    expect(err?.extensions).toMatchObject({ code: 'RATE_LIMITED', deadline: true });
    expect(err?.extensions?.retryAfter).toBeGreaterThanOrEqual(20);
    expect(err?.message).toMatch(/these calls that change the user were made: POST \/okta\/api\/v1\/users\/00ub0oNGTSWTBKOLGLNR\/lifecycle\/deactivate \(200\)/);
    expect(err?.extensions?.stepsMade).toEqual([`POST /okta/api/v1/users/${OKTA}/lifecycle/deactivate (200)`]);
    // One DELETE, not retried into the deadline.
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    // The audit record says the same.
    const audit = await svc.gql(`query { deletionAudit(filter: { targetId: "${OKTA}" }) { records { state errorCode errorMessage calls { method status } } } }`);
    const record = audit.body.data.deletionAudit.records[0];
    expect(record).toMatchObject({ state: 'FAILED', errorCode: 'RATE_LIMITED' });
    expect(record.errorMessage).toMatch(/deactivate \(200\)/);
    expect(record.calls.map((c: { method: string; status: number }) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'GET 200', 'POST 200', 'DELETE 429']);
  });

  it('a caller may ask for less with X-Request-Deadline-Ms, never for more; a malformed value is refused', async () => {
    // A vendor that keeps saying "try again in a second": retried while it fits, then answered.
    fake.on('GET /zd/api/v2/users/7', { status: 429, headers: { 'retry-after': '1' }, text: 'Too many requests' });
    const { value: short, ms } = await timed(() => svc.gql(DELETE, { id: '7', acc: acc.zendesk }, { headers: { 'x-request-deadline-ms': '1200' } }));
    expect(short.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(ms).toBeLessThan(1_200 + MARGIN_MS);
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);

    fake.reset();
    fake.on('GET /zd/api/v2/users/7', { status: 429, headers: { 'retry-after': '1' }, text: 'Too many requests' });
    const { ms: capped } = await timed(() => svc.gql(DELETE, { id: '7', acc: acc.zendesk }, { headers: { 'x-request-deadline-ms': '600000' } }));
    expect(capped).toBeLessThan(DEADLINE_MS + MARGIN_MS);

    for (const bad of ['soon', '-5', '1.5']) {
      const res = await svc.gql(DELETE, { id: '7', acc: acc.zendesk }, { headers: { 'x-request-deadline-ms': bad } });
      expect(res.status, bad).toBe(400);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'x-request-deadline-ms' });
    }
    const rest = await fetch(`${svc.url}/unified/user-directory/users/7?integrated_account_id=${acc.zendesk}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-request-deadline-ms': 'soon' } });
    expect(rest.status).toBe(400);
  });

  it('no request outlives its deadline by more than a small margin, whatever the vendor does (GraphQL and REST, at once)', async () => {
    // A vendor that never answers in time, one that keeps rate limiting, one that is unavailable.
    fake.on('GET /zd/api/v2/users/100', async () => (await new Promise((r) => setTimeout(r, 20_000)), { body: {} }));
    fake.on('GET /zd/api/v2/users/101', { status: 429, headers: { 'retry-after': '1' }, text: 'slow down' });
    fake.on('GET /zd/api/v2/users/102', { status: 503, headers: { 'retry-after': '1' }, text: 'unavailable' });
    const calls = [100, 101, 102].flatMap((id) => [
      () => svc.gql(DELETE, { id: String(id), acc: acc.zendesk }).then((r) => String(r.body.errors?.[0]?.extensions?.code)),
      () =>
        fetch(`${svc.url}/unified/user-directory/users/${id}?integrated_account_id=${acc.zendesk}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } }).then(
          async (r) => ((await r.json()) as { error: { code: string } }).error.code,
        ),
    ]);
    const answers = await Promise.all(calls.map((c) => timed(c)));
    for (const a of answers) {
      expect(['TIMEOUT', 'RATE_LIMITED']).toContain(a.value);
      expect(a.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    }
  });
});
