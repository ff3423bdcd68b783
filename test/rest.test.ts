/**
 * DELETE /unified/user-directory/users/{id} over real HTTP: parity with GraphQL for the six
 * integrations (same vendor requests, same user), each response format, each Truto parameter,
 * and the error shape.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snake } from '../src/rest/shape.js';
import { providers } from '../src/providers/registry.js';
import { type FakeVendor, type RecordedRequest, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ALL_USER_FIELDS, scenarios } from './helpers/scenarios.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

let svc: RunningService;
let fake: FakeVendor;
const acc: Record<string, string> = {};

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  for (const s of scenarios) acc[s.slug] = await createAccount(svc, s.account(fake.url));
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

async function rest(id: string, query: string, init: { key?: string | null; method?: string } = {}) {
  const key = init.key === undefined ? ADMIN_KEY : init.key;
  const res = await fetch(`${svc.url}/unified/user-directory/users/${id}${query ? `?${query}` : ''}`, {
    method: init.method ?? 'DELETE',
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const q = (slug: string, extra = '') => [`integrated_account_id=${acc[slug]}`, extra].filter(Boolean).join('&');

function vendorView(r: RecordedRequest) {
  return { method: r.method, path: r.path, search: r.search, authorization: r.headers.authorization, contentType: r.headers['content-type'], body: r.rawBody };
}

/** GraphQL's camelCase user in the REST unified shape. */
function toRest(user: Record<string, unknown>): Record<string, unknown> {
  const conv = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(conv) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), conv(x)])) : v;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(user)) {
    if (k === 'remoteData') out.remote_data = v;
    else if ((k === 'status' || k === 'deletionOutcome') && typeof v === 'string') out[snake(k)] = v.toLowerCase();
    else out[snake(k)] = conv(v);
  }
  return out;
}

describe('REST and GraphQL run the same deletion', () => {
  it('has a scenario for every implemented integration', () => {
    expect(scenarios.map((s) => s.slug).sort()).toEqual(providers.map((p) => p.slug).sort());
  });

  for (const s of scenarios) {
    it(`${s.slug}: same vendor requests, same user`, async () => {
      s.routes(fake);
      const g = await svc.gql(`mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) { deleteUser(id: $id, integratedAccountId: $acc, input: $input) { ${ALL_USER_FIELDS} } }`, {
        id: s.id,
        acc: acc[s.slug],
        input: s.input,
      });
      expect(g.body.errors).toBeUndefined();
      const deletionCalls = () => fake.requests.filter((x) => !s.isOwnerLookup?.(x));
      const viaGraphQL = deletionCalls().map(vendorView);
      expect(fake.unexpected).toEqual([]);

      fake.reset();
      s.routes(fake);
      const r = await rest(encodeURIComponent(s.id), q(s.slug, s.restQuery));
      expect(r.status).toBe(200);
      expect(deletionCalls().map(vendorView)).toEqual(viaGraphQL);
      const { deletion, ...user } = r.body;
      expect(user).toEqual(toRest(g.body.data.deleteUser));
      expect(deletion).toMatchObject({ outcome: g.body.data.deleteUser.deletionOutcome.toLowerCase(), dry_run: false, replayed: false, original_audit_id: null });
      expect(deletion.audit_id).toMatch(/^aud_/);
      expect(deletion.calls.map((c: { method: string; url: string }) => `${c.method} ${new URL(c.url).pathname}`)).toEqual(
        deletionCalls().map((x) => `${x.method} ${x.path}`),
      );
      expect(Object.keys(r.body)).toContain('remote_data');
    });
  }
});

describe('response formats', () => {
  const zendesk = scenarios.find((s) => s.slug === 'zendesk')!;
  const okta = scenarios.find((s) => s.slug === 'okta')!;
  const github = scenarios.find((s) => s.slug === 'github')!;

  it('unified (default): every unified field, null where unknown, snake_case, with remote_data', async () => {
    github.routes(fake);
    const r = await rest('octocat', q('github', 'organization_id=acme'));
    expect(r.body.first_name).toBeNull();
    expect(r.body.is_2fa_enabled).toBeNull();
    // The membership is gone: no status after the removal; the one before it is in deletion.before.
    expect(r.body.status).toBeNull();
    expect(r.body.deletion.before.status).toBe('active');
    expect(r.body.deletion_outcome).toBe('removed_from_container');
    expect(r.body.emails).toEqual([{ email: 'octocat@github.com', type: 'public', is_primary: true }]);
    expect(r.body.remote_data.user.login).toBe('octocat');
    expect(r.body.created_at).toBe('2008-01-14T04:33:35.000Z');
    const explicit = await (fake.reset(), github.routes(fake), rest('octocat', q('github', 'organization_id=acme&truto_response_format=unified')));
    expect({ ...explicit.body, deletion: null }).toEqual({ ...r.body, deletion: null });
    expect(r.body.deletion).toMatchObject({ outcome: 'removed_from_container', dry_run: false, replayed: false });
  });

  it("raw: the vendor's own response body, byte for byte", async () => {
    const vendorText = '{"user":  {"id": 35436, "active": false, "name": "Johnny Agent", "big": 12345678901234567890}}';
    fake.on('GET /api/v2/users/35436', { body: fixture('zendesk', 'user.json') }).on('DELETE /api/v2/users/35436', { headers: { 'content-type': 'application/json; charset=utf-8' }, text: vendorText });
    const r = await rest('35436', q('zendesk', 'truto_response_format=raw'));
    expect(r.status).toBe(200);
    expect(r.text).toBe(vendorText);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');

    fake.reset();
    okta.routes(fake);
    const empty = await rest(okta.id, q('okta', 'truto_response_format=raw'));
    expect(empty.status).toBe(204);
    expect(empty.text).toBe('');
    expect(zendesk.slug).toBe('zendesk');
  });

  it('normalized: the unified mapping without null or empty fields', async () => {
    github.routes(fake);
    const r = await rest('octocat', q('github', 'organization_id=acme&truto_response_format=normalized'));
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('first_name');
    expect(r.body).not.toHaveProperty('phones');
    expect(r.body.name).toBe('monalisa octocat');
    const walk = (v: unknown, at: string): void => {
      if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) throw new Error(`empty value at ${at}`);
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (k !== 'remote_data') walk(x, `${at}.${k}`);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    };
    walk(r.body, '');
  });

  it('truto_ignore_remote_data=true drops remote_data', async () => {
    github.routes(fake);
    const r = await rest('octocat', q('github', 'organization_id=acme&truto_ignore_remote_data=true'));
    expect(r.body).not.toHaveProperty('remote_data');
    expect(r.body.id).toBe('octocat');
  });

  it('truto_exclude_fields[] drops fields, dotted paths included', async () => {
    github.routes(fake);
    const r = await rest('octocat', q('github', 'organization_id=acme&truto_exclude_fields[]=name&truto_exclude_fields[]=emails.type&truto_exclude_fields[]=remote_data.membership'));
    expect(r.body).not.toHaveProperty('name');
    expect(r.body.emails).toEqual([{ email: 'octocat@github.com', is_primary: true }]);
    expect(r.body.remote_data).not.toHaveProperty('membership');
    expect(r.body.remote_data.user.login).toBe('octocat');
    expect(r.body.username).toBe('octocat');
  });

  it('remote_query[...] reaches the vendor unchanged, nested included', async () => {
    okta.routes(fake);
    const r = await rest(okta.id, q('okta', 'remote_query[sendEmail]=true&remote_query[extra][deep]=x%20y'));
    expect(r.status).toBe(200);
    expect(fake.calls().slice(1)).toEqual([
      `POST /api/v1/users/${okta.id}/lifecycle/deactivate?sendEmail=true&extra%5Bdeep%5D=x+y`,
      `DELETE /api/v1/users/${okta.id}?sendEmail=true&extra%5Bdeep%5D=x+y`,
    ]);
  });
});

describe('REST errors and input checks', () => {
  it('needs an API key (401, documented error shape)', async () => {
    const r = await rest('octocat', q('github', 'organization_id=acme'), { key: null });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    expect(r.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('API key'), status: 401, from_vendor: false } });
  });

  it('rejects wrong input before any vendor call', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['octocat', q('github', 'organization_id=acme&truto_response_format=xml'), /truto_response_format must be one of unified, raw, normalized/],
      ['octocat', q('github', 'organization_id=acme&remote_query=foo'), /remote_query must use bracket syntax/],
      ['octocat', q('github', 'organization_id=acme&remote_query[a=1'), /Malformed query parameter name/],
      ['octocat', q('github', 'organization_id=acme&remote_query[a]=1&remote_query[a][b]=2'), /both as a value and as an object/],
      ['octocat', 'organization_id=acme', /integrated_account_id is required/],
      ['', q('github', 'organization_id=acme'), /must not be empty/],
      ['x'.repeat(300), q('github', 'organization_id=acme'), /longer than 256/],
      ['octocat', q('github', 'organization_id=acme&workspace_id=w1'), /GitHub does not support workspace_id; it accepts organization_id/],
      ['octocat', q('github'), /GitHub requires organization_id/],
      ['octocat', q('github', 'organization_id=acme&organisation_id=typo'), /Unknown query parameters: organisation_id/],
      ['octocat', q('github', 'organization_id=acme&organization_id=other'), /organization_id must be given once/],
      ['octocat', q('github', 'organization_id=acme&truto_ignore_remote_data=maybe'), /truto_ignore_remote_data must be true or false/],
      ['octocat', q('github', 'organization_id=acme&truto_exclude_fields[]=nope'), /truto_exclude_fields names unknown fields: nope/],
      ['octocat', q('github', 'organization_id=%E0%A4%A'), /malformed percent-encoding/],
    ];
    for (const [id, query, message] of cases) {
      const r = await rest(id, query);
      expect({ query, status: r.status, code: r.body?.error?.code }).toEqual({ query, status: 400, code: 'BAD_USER_INPUT' });
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.from_vendor).toBe(false);
    }
    const unknownAccount = await rest('octocat', 'integrated_account_id=4a0b2c4e-0000-4000-8000-000000000000&organization_id=acme');
    expect(unknownAccount.status).toBe(404);
    expect(unknownAccount.body.error.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
    expect(fake.requests).toHaveLength(0);
  });

  it('names the params of an integration in snake_case', async () => {
    const r = await rest('12345', q('asana', 'remove_from=group'));
    expect(r.body.error).toMatchObject({ code: 'BAD_USER_INPUT', params: ['remove_from_id'], integration: 'asana' });
  });

  it('keeps path-like ids as one vendor path segment', async () => {
    fake.on('GET /gh/orgs/acme/memberships/..%2Fadmin', { status: 404, body: { message: 'Not Found' } });
    const r = await rest('..%2Fadmin', q('github', 'organization_id=acme'));
    expect(r.status).toBe(404);
    expect(fake.calls()).toEqual(['GET /gh/orgs/acme/memberships/..%2Fadmin']);
  });

  it('vendor errors: 404 with the vendor body, 429 with Retry-After, ok:false mapped by the vendor table or as 502', async () => {
    fake.on('GET /api/v1/users/00nobody', { status: 404, body: fixture('okta', 'error-404.json') });
    const nf = await rest('00nobody', q('okta'));
    expect(nf.status).toBe(404);
    expect(nf.body.error).toMatchObject({ code: 'NOT_FOUND', from_vendor: true, integration: 'Okta', vendor: { status: 404, body: { errorCode: 'E0000007' } } });

    fake.on('GET /api/v2/users/7', { status: 429, headers: { 'retry-after': '120' }, text: 'Too many requests' });
    const rl = await rest('7', q('zendesk'));
    expect(rl.status).toBe(429);
    expect(rl.headers.get('retry-after')).toBe('120');
    expect(rl.body.error).toMatchObject({ code: 'RATE_LIMITED', retry_after: 120, from_vendor: true, vendor: { status: 429, body: 'Too many requests' } });

    // An ok:false code Slack's table maps (user_not_found → NOT_FOUND), and one it does not (→ REMOTE_ERROR, 502).
    fake.on('GET /api/users.info', { body: fixture('slack-enterprise', 'users-info.json') }).on('POST /api/admin.users.remove', { body: { ok: false, error: 'user_not_found' } });
    const gone = await rest('W012A3CDE', q('slack-enterprise', 'workspace_id=T1'));
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'NOT_FOUND', from_vendor: true, vendor: { status: 200, error: 'user_not_found' } });
    fake.reset();
    fake.on('GET /api/users.info', { body: fixture('slack-enterprise', 'users-info.json') }).on('POST /api/admin.users.remove', { body: { ok: false, error: 'fatal_error' } });
    const sl = await rest('W012A3CDE', q('slack-enterprise', 'workspace_id=T1'));
    expect(sl.status).toBe(502);
    expect(sl.body.error).toMatchObject({ code: 'REMOTE_ERROR', from_vendor: true, vendor: { status: 200, error: 'fatal_error' } });
    expect(JSON.stringify([nf.body, rl.body, sl.body])).not.toMatch(/xoxp|00parity|stack/);
  });

  it('only DELETE is served on the path', async () => {
    const r = await rest('octocat', q('github', 'organization_id=acme'), { method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('DELETE');
  });
});
