/**
 * Hostile input, through GraphQL and REST: documents and bodies past the limits, batching,
 * invalid UTF-8, ids and params built to walk the vendor path or split a header, context values
 * and base URLs that try to point a provider at another (or a private) host. Every assertion is
 * on what the vendor fake actually received (raw path, query, headers, body), or that it
 * received nothing. Then property tests (fast-check, a few thousand generated inputs each) on
 * the validation functions and the vendor URL builder, and a scan of everything the service let
 * out for the credentials it was given.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { checkRemoteQuery, checkUserId, MAX_ID_LENGTH, validateParams } from '../src/deletion/validate.js';
import { buildBaseUrl, checkContextValue, parseBaseUrl, resolveAuth, validateCredentials } from '../src/providers/core/definition.js';
import { VendorHttp } from '../src/providers/core/http.js';
import { path } from '../src/providers/core/path.js';
import { isPrivateAddress, Transport } from '../src/providers/core/transport.js';
import { EXTENSION_PARAM_NAMES, PARAM_NAMES } from '../src/providers/core/types.js';
import { getEntry, providers } from '../src/providers/registry.js';
import { parseRestRequest } from '../src/rest/delete-user.js';
import { parseQuery } from '../src/rest/query.js';
import { FaultVendor, type FaultKind, type FaultRequest, type Routed } from './helpers/fault-vendor.js';
import { fixture } from './helpers/provider.js';
import { SecretScan } from './helpers/secret-scan.js';
import { ADMIN_KEY, CREATE_ACCOUNT, createAccount, type RunningService, startService } from './helpers/service.js';

const GH_TOKEN = 'ghp_hostileToken0000000000000001';
const OKTA_TOKEN = '00hostile-okta-api-token-0000001';
const SLACK_TOKEN = 'xoxp-hostile-slack-token-000001';
const ZD_TOKEN = 'zd-hostile-api-token-000000001';
const ZD_EMAIL = 'hostile-admin@acme.example';
const OAUTH = { accessToken: 'zdo-hostile-access-000001', refreshToken: 'zdo-hostile-refresh-000001', clientSecret: 'zdo-hostile-client-secret-01' };
const MAX_REQUEST_BYTES = 64 * 1024;
/** A Google service account's key; the JWT assertions signed with it are scanned for too. */
const SA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SA_ISSUED = 'ya29.hostile-issued-service-account-000001';

const scan = new SecretScan()
  .add('admin API key', ADMIN_KEY)
  .add('github token', GH_TOKEN)
  .add('okta api token', OKTA_TOKEN)
  .add('slack token', SLACK_TOKEN)
  .add('zendesk api token', ZD_TOKEN)
  .addBasic('zendesk api token', `${ZD_EMAIL}/token`, ZD_TOKEN)
  .add('oauth access token', OAUTH.accessToken)
  .add('oauth refresh token', OAUTH.refreshToken)
  .add('oauth client secret', OAUTH.clientSecret)
  .addPrivateKey('service account private key', SA_PEM)
  .add('service account issued token', SA_ISSUED);
/** How the token endpoints of the fake answer (a refusal that echoes what it got, in some tests). */
let tokenReply: (form: URLSearchParams) => Routed['reply'] = () => ({ body: { access_token: 'zdo-hostile-issued-000001', expires_in: 3600 } });

/** The service that may reach the local fake (ALLOW_PRIVATE_PROVIDER_HOSTS=1). */
let svc: RunningService;
/** A service with ALLOW_PRIVATE_PROVIDER_HOSTS unset: private hosts are refused. */
let guarded: RunningService;
let fake: FaultVendor;
const acc: Record<string, string> = {};
/** Every request the vendor fake received, raw. */
const seen: FaultRequest[] = [];
/** The next requests are answered with this fault instead of normally. */
let nextFault: FaultKind = 'ok';

const ghMembership = fixture<Record<string, unknown>>('github', 'membership-active.json');
const ghUser = fixture<Record<string, unknown>>('github', 'user.json');
const slackInfo = fixture<{ user: Record<string, unknown> }>('slack-enterprise', 'users-info.json');
const oktaUser = fixture<Record<string, unknown>>('okta', 'user.json');
const zdUser = fixture<{ user: Record<string, unknown> }>('zendesk', 'user.json');

/**
 * The self-deletion guard's owner lookups, answered as the vendor does for the administrator who
 * owns the token (someone else than every id tried here); not recorded in `seen`.
 */
function ownerLookup(req: FaultRequest): Routed | undefined {
  const admin = { login: 'token-admin', id: 990001, email: 'token-admin@example.com' };
  if (req.path === '/gh/user') return { call: 'owner', reply: { body: { ...admin, node_id: 'MDQ6VXNlcjk5MDAwMQ==', type: 'User' } } };
  if (req.path === '/ok/api/v1/users/me') return { call: 'owner', reply: { body: { ...oktaUser, id: '00uTOKENADMIN', profile: { login: admin.email, email: admin.email } } } };
  if (req.path === '/sl/auth.test') return { call: 'owner', reply: { body: { ok: true, user: 'token-admin', user_id: 'WTOKENADMIN' } } };
  if (req.path.endsWith('/api/v2/users/me')) return { call: 'owner', reply: { body: { user: { ...zdUser.user, id: 990001, email: admin.email } } } };
  if (req.path === '/gw/admin/directory/v1/users/me') return { call: 'owner', reply: { body: { kind: 'admin#directory#user', id: '990001', primaryEmail: admin.email } } };
  return undefined;
}

/** Answers every vendor request normally (any id), recording it raw. */
function route(req: FaultRequest): Routed {
  const owner = ownerLookup(req);
  if (owner) return owner;
  seen.push(req);
  const last = decodeURIComponent(req.path.split('/').at(-1) ?? '');
  const call = `req-${seen.length}`;
  if (req.path.startsWith('/gh/')) {
    if (req.method === 'DELETE') return { call, reply: { status: 204 } };
    return { call, reply: { body: req.path.includes('/memberships/') ? ghMembership : { ...ghUser, login: last } } };
  }
  if (req.path.startsWith('/ok/')) {
    if (req.method === 'GET') return { call, reply: { body: { ...oktaUser, id: last, status: 'ACTIVE' } } };
    return { call, reply: req.method === 'DELETE' ? { status: 204 } : { body: {} } };
  }
  if (req.path.startsWith('/sl/')) {
    if (req.method === 'GET') return { call, reply: { body: { ...slackInfo, user: { ...slackInfo.user, id: req.query.get('user') } } } };
    // A vendor error string with NUL in it (it ends up in the error message and the audit record).
    if (new URLSearchParams(req.rawBody).get('user_id') === 'WNULERROR') return { call, reply: { body: { ok: false, error: 'cannot\u0000remove' } } };
    return { call, reply: { body: { ok: true } } };
  }
  if (req.path === '/oauth/token' || req.path === '/google/token') {
    const form = new URLSearchParams(req.rawBody);
    const assertion = form.get('assertion');
    if (assertion) scan.add('jwt assertion', assertion);
    return { call, reply: tokenReply(form) };
  }
  if (req.path.startsWith('/gw/')) {
    if (req.method === 'DELETE') return { call, reply: { status: 204 } };
    return { call, reply: { body: { kind: 'admin#directory#user', id: '115834185437629468913', primaryEmail: last } } };
  }
  return { call, reply: { body: zdUser } };
}

const DELETE = `mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $acc, input: $input) { id deletionOutcome deletion { auditId calls { method url status } } }
}`;

type GqlBody = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };

/** POST /graphql with a raw body; the answer is scanned for secrets. */
async function postRaw(service: RunningService, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json?: GqlBody }> {
  const res = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, ...headers },
    body,
  });
  const text = await scan.checkResponse('graphql', res);
  let json: GqlBody | undefined;
  try {
    json = JSON.parse(text) as GqlBody;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

async function gql(service: RunningService, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  return postRaw(service, JSON.stringify({ query, variables }), headers);
}

/** An HTTP request whose path is sent exactly as given (fetch would resolve `..` and `%2e%2e` first). */
function rawHttp(service: RunningService, method: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const u = new URL(service.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent: false, host: u.hostname, port: u.port, method, path: rawPath, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        scan.check('rest headers', JSON.stringify(res.headers));
        scan.check('rest body', text);
        resolve({ status: res.statusCode ?? 0, text });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes written on a socket as they are: request lines no HTTP client would send. */
function rawSocket(service: RunningService, data: Buffer): Promise<string> {
  const u = new URL(service.url);
  return new Promise((resolve) => {
    const s = connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.write(data);
    setTimeout(() => s.end(), 300);
  });
}

function restPath(rawId: string, query: string): string {
  return `/unified/user-directory/users/${rawId}?${query}`;
}

async function auditFor(service: RunningService, targetId: string) {
  const res = await gql(service, `query($t: ID) { deletionAudit(filter: { targetId: $t }, first: 50) { records { state errorCode input calls { method url } } } }`, { t: targetId });
  return res.json!.data!.deletionAudit.records as Array<{ state: string; errorCode: string | null; input: unknown; calls: unknown[] }>;
}

/** Header values the fake received that carry CR, LF or NUL (none can, if nothing got through). */
function badHeaders(reqs: FaultRequest[]): string[] {
  return reqs.flatMap((r) => Object.entries(r.headers).filter(([k, v]) => /[\r\n\0]/.test(`${k}${v ?? ''}`) || /injected|evil/i.test(k)).map(([k]) => `${r.path}: ${k}`));
}

beforeAll(async () => {
  // Token endpoints answer normally (or as tokenReply says); the vendor calls get the fault.
  fake = await new FaultVendor({ route, fault: (_call, _n, req) => (req.path.endsWith('/token') ? 'ok' : nextFault) }).start();
  svc = await startService({ MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES), VENDOR_TIMEOUT_MS: '2000' });
  guarded = await startService({ ALLOW_PRIVATE_PROVIDER_HOSTS: '' });
  acc.github = await createAccount(svc, { integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: `${fake.url}/gh` });
  acc.okta = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: OKTA_TOKEN }, context: { domain: 'acme.okta.com' }, baseUrl: `${fake.url}/ok` });
  acc.slack = await createAccount(svc, { integration: 'slack-enterprise', credentials: { method: 'user_token', token: SLACK_TOKEN }, baseUrl: `${fake.url}/sl` });
  acc.zendesk = await createAccount(svc, { integration: 'zendesk', credentials: { method: 'api_token', email: ZD_EMAIL, apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: `${fake.url}/zd` });
});

afterAll(async () => {
  await svc?.stop();
  await guarded?.stop();
  await fake?.stop();
});

beforeEach(() => {
  seen.length = 0;
  nextFault = 'ok';
  tokenReply = () => ({ body: { access_token: 'zdo-hostile-issued-000001', expires_in: 3600 } });
});

describe('GraphQL documents and bodies', () => {
  it('rejects deep, alias-heavy and fragment-heavy deleteUser operations before anything runs, naming the limit', async () => {
    const deep = (n: number) => `query Deep { __schema { types { ${'fields { type { '.repeat(n)}name${' } }'.repeat(n)} } } }`;
    const tooDeep = await gql(svc, deep(8));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.json!.errors![0]!.message).toBe('Operation Deep is nested deeper than 15 levels');

    // (One deleteUser per operation: the other aliases are of __typename; test/input-hardening.test.ts has the deleteUser bound.)
    const aliases = `mutation Many { deleteUser(id: "alias-0", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) { id } ${Array.from({ length: 31 }, (_, i) => `d${i}: __typename`).join(' ')} }`;
    const many = await gql(svc, aliases);
    expect(many.status).toBe(400);
    expect(many.json!.errors![0]!.message).toBe('Operation Many uses more than 30 aliases');

    const bomb = `fragment A on User { id name username status rawStatus }
      ${Array.from({ length: 12 }, (_, i) => `fragment L${i} on User { ${i === 0 ? '...A ...A' : `...L${i - 1} ...L${i - 1}`} }`).join('\n')}
      mutation Bomb { deleteUser(id: "bomb-1", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) { ...L11 } }`;
    const exploded = await gql(svc, bomb);
    expect(exploded.status).toBe(400);
    expect(exploded.json!.errors![0]!.message).toBe('Operation Bomb selects more than 2000 fields once fragments are expanded');

    // Nothing ran: no vendor call, and no deleteUser attempt to audit.
    expect(seen).toEqual([]);
    for (const t of ['alias-0', 'alias-30', 'bomb-1']) expect(await auditFor(svc, t)).toEqual([]);
  });

  it('answers a document nested thousands of levels deep with a 400, not a crash', async () => {
    // Under MAX_REQUEST_BYTES, but deeper than graphql-js's recursive parser goes with Node's
    // default stack (a parse error); with a larger stack, the depth limit would answer.
    const res = await gql(svc, `{ ${'a { '.repeat(9_000)}b${' }'.repeat(9_000)} }`);
    expect(res.status).toBe(400);
    expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(res.json!.errors![0]!.extensions!.code);
    // 200 levels parse, and the depth limit answers.
    const deepish = await gql(svc, `query Deepish { ${'a { '.repeat(200)}b${' }'.repeat(200)} }`);
    expect(deepish.json!.errors![0]!.message).toBe('Operation Deepish is nested deeper than 15 levels');
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });

  it('refuses input values nested thousands of levels deep with BAD_USER_INPUT, and audits the attempt', async () => {
    const q = JSON.stringify(DELETE);
    // Raw JSON: the test's own JSON.stringify could not build these.
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const deepList = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    for (const [target, input] of [
      ['deep-remote-query', `{"organizationId":"acme","remoteQuery":${deepObject}}`],
      ['deep-groups', `{"organizationId":"acme","groups":[${deepList}]}`],
    ] as const) {
      const res = await postRaw(svc, `{"query":${q},"variables":{"id":"${target}","acc":"${acc.github}","input":${input}}}`);
      expect(res.status).toBe(200);
      expect(res.json!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.json!.errors![0]!.message).toMatch(/nested deeper than 32 levels/);
      const records = await auditFor(svc, target);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ state: 'FAILED', errorCode: 'BAD_USER_INPUT' });
    }
    // 20 levels in remoteQuery: under the input bound, refused by remoteQuery's own (4 levels)
    const twenty = await postRaw(svc, `{"query":${q},"variables":{"id":"deep-20","acc":"${acc.github}","input":{"organizationId":"acme","remoteQuery":${'{"a":'.repeat(20)}1${'}'.repeat(20)}}}}`);
    expect(twenty.json!.errors![0]!.message).toMatch(/remoteQuery is nested too deeply/);
    expect(seen).toEqual([]);
  });

  it('refuses bodies over MAX_REQUEST_BYTES (with or without Content-Length), batches, several operations, invalid UTF-8 and form posts', async () => {
    const huge = await gql(svc, `{ integrations { slug } } # ${'x'.repeat(MAX_REQUEST_BYTES)}`);
    expect(huge.status).toBe(413);
    expect(huge.json!.errors![0]!.message).toBe(`Request body is larger than ${MAX_REQUEST_BYTES} bytes`);

    // Chunked, no Content-Length: the limit counts what arrives. From a keep-alive client, the
    // connection is closed after the 413 (the rest of the body is never read), so the next
    // request on the same agent gets a fresh connection instead of one stuck mid-body.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const u = new URL(svc.url);
      const chunked = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
        const req = httpRequest({ agent, host: u.hostname, port: u.port, method: 'POST', path: '/graphql', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write(' '.repeat(8 * 1024));
        req.end('{}');
      });
      expect(chunked).toEqual({ status: 413, connection: 'close' });
      const next = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ agent, host: u.hostname, port: u.port, path: '/healthz' }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.setTimeout(5_000, () => req.destroy(new Error('the next request on the agent got no answer')));
        req.end();
      });
      expect(next).toBe(200);
    } finally {
      agent.destroy();
    }

    // A document of many small fields, under the byte and token limits: the field limit answers.
    const wide = await gql(svc, `{ ${'__typename '.repeat(2500)} }`);
    expect(wide.json!.errors![0]!.message).toMatch(/more than 2000 fields/);

    const op = { query: DELETE, variables: { id: 'batched', acc: acc.github, input: { organizationId: 'acme' } } };
    const batch = await postRaw(svc, JSON.stringify([op, op]));
    expect(batch.status).toBe(400);
    expect(batch.text).toMatch(/batch/i);

    const two = await gql(svc, `mutation A { deleteUser(id: "two-ops", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) { id } } mutation B { deleteUser(id: "two-ops", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) { id } }`);
    expect(two.status).toBe(400);
    expect(two.json!.errors![0]!.message).toMatch(/operation name/i);

    // Invalid UTF-8 inside the id: refused, not turned into U+FFFD and sent on.
    const invalid = Buffer.concat([
      Buffer.from(`{"query":${JSON.stringify(DELETE)},"variables":{"acc":"${acc.github}","input":{"organizationId":"acme"},"id":"oct`),
      Buffer.from([0xff, 0xfe, 0xc0, 0xaf]),
      Buffer.from('"}}'),
    ]);
    const bad = await postRaw(svc, invalid);
    expect(bad.status).toBe(400);
    expect(bad.json!.errors![0]).toMatchObject({ message: 'Request body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } });

    const notJson = await postRaw(svc, '{"query": "{ integrations { slug } }",');
    expect(notJson.status).toBe(400);

    // A form post (what a cross-site page can send without a preflight) is refused.
    const form = await postRaw(svc, JSON.stringify(op), { 'content-type': 'text/plain' });
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/Cross-Site Request Forgery/);

    // Mutations over GET are refused.
    const get = await fetch(`${svc.url}/graphql?query=${encodeURIComponent(`mutation { deleteUser(id: "by-get", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) { id } }`)}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'apollo-require-preflight': 'true' },
    });
    await scan.checkResponse('graphql get', get);
    expect(get.status).toBe(405);

    expect(seen).toEqual([]);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });

  it('REST: oversized URLs and headers are refused by the HTTP layer, query strings past their bounds by the parser', async () => {
    const longUrl = await rawHttp(svc, 'DELETE', restPath('x', `integrated_account_id=${acc.github}&organization_id=${'a'.repeat(20_000)}`));
    expect(longUrl.status).toBe(431);
    const manyParams = await rawHttp(svc, 'DELETE', restPath('x', `integrated_account_id=${acc.github}&${Array.from({ length: 201 }, (_, i) => `p${i}=1`).join('&')}`));
    expect(manyParams.status).toBe(400);
    expect(JSON.parse(manyParams.text).error.message).toMatch(/Too many query parameters/);
    const deepKey = await rawHttp(svc, 'DELETE', restPath('x', `integrated_account_id=${acc.github}&remote_query${'[a]'.repeat(8)}=1`));
    expect(deepKey.status).toBe(400);
    const bigHeader = await rawHttp(svc, 'DELETE', restPath('x', `integrated_account_id=${acc.github}`), { 'x-padding': 'p'.repeat(20_000) });
    expect(bigHeader.status).toBe(431);
    expect(seen).toEqual([]);
  });
});

/** Ids built to walk the vendor path, add a query or fragment, or split a header line. */
const HOSTILE_IDS = [
  '../admin',
  '../../orgs/other/members/victim',
  '..%2F..%2Fadmin',
  '%2e%2e',
  '%2e%2e%2fadmin',
  '.%2e',
  'a/../b',
  'a?b=c',
  'a#frag',
  'a/b',
  'a\\b',
  'a;b=c',
  'a&b=c',
  ' lead',
  'trail ',
  'ü-ñ-日本-😀',
  '.hidden',
  '..a',
  'a..',
  '@evil.com',
  'user@evil.com:80',
  'a\u2028b',
  '\uFEFFbom',
  'a%00b',
  'a%0d%0ab',
];
/** Ids that must be refused before any vendor call. */
const REFUSED_IDS = ['.', '..', '...', '\u2028\u2029', 'a\ud800b', '\udfff', 'a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\u0000b', 'a\u007fb', 'a\tb', '', '   ', 'x'.repeat(MAX_ID_LENGTH + 1)];

describe('ids and params never change the vendor path, query or headers', () => {
  it('GraphQL: every id reaches the vendor as one path segment, or is refused before any call', async () => {
    for (const id of [...HOSTILE_IDS, ...REFUSED_IDS]) {
      for (const [which, input] of [
        ['github', { organizationId: 'acme' }],
        ['okta', {}],
      ] as const) {
        seen.length = 0;
        const res = await gql(svc, DELETE, { id, acc: acc[which], input });
        const label = `${which} ${JSON.stringify(id)}`;
        if (REFUSED_IDS.includes(id)) {
          expect(res.json!.errors?.[0]?.extensions?.code, label).toBe('BAD_USER_INPUT');
          expect(seen, label).toEqual([]);
          continue;
        }
        expect(res.json!.errors, label).toBeUndefined();
        const prefixes = which === 'github' ? ['/gh/orgs/acme/memberships/', '/gh/users/', '/gh/orgs/acme/members/'] : ['/ok/api/v1/users/', '/ok/api/v1/users/', '/ok/api/v1/users/'];
        expect(seen.map((r) => r.method), label).toEqual(which === 'github' ? ['GET', 'GET', 'DELETE'] : ['GET', 'POST', 'DELETE']);
        seen.forEach((r, i) => {
          const prefix = prefixes[i]!;
          expect(r.path.startsWith(prefix), `${label}: ${r.path}`).toBe(true);
          const tail = r.path.slice(prefix.length).replace(/\/lifecycle\/deactivate$/, '');
          expect(tail.includes('/'), `${label}: ${r.path}`).toBe(false);
          expect(decodeURIComponent(tail), label).toBe(id);
          expect(r.search, label).toBe('');
        });
        expect(badHeaders(seen), label).toEqual([]);
      }
    }
  });

  it('REST: raw ids in the path, percent-encoded or not, reach the vendor as one segment or are refused', async () => {
    const q = `integrated_account_id=${acc.github}&organization_id=acme`;
    // Sent as they are, without a client resolving them first.
    const refused: Array<[string, number]> = [
      ['..', 400],
      ['.', 400],
      ['%2e%2e', 400],
      ['%2E%2E', 400],
      ['.%2e', 400],
      ['%2e', 400],
      ['a%0d%0aX-Injected:%201', 400],
      ['a%0ab', 400],
      ['a%00b', 400],
      ['%ff', 400],
      ['%c0%ae%c0%ae', 400],
      ['a%', 400],
      ['', 400],
      ['a/b', 404],
      ['../../deletion-audit/export', 404],
    ];
    for (const [raw, status] of refused) {
      seen.length = 0;
      const res = await rawHttp(svc, 'DELETE', restPath(raw, q));
      expect(res.status, raw).toBe(status);
      if (status === 400) expect(JSON.parse(res.text).error.code, raw).toBe('BAD_USER_INPUT');
      expect(seen, raw).toEqual([]);
    }
    const accepted = [...HOSTILE_IDS.map(encodeURIComponent), '..%2F..%2Fadmin', '%2e%2e%2fadmin', '%252e%252e', 'a%3Fb%23c', 'a;b'];
    for (const raw of accepted) {
      seen.length = 0;
      const res = await rawHttp(svc, 'DELETE', restPath(raw, q));
      expect(res.status, raw).toBe(200);
      const id = decodeURIComponent(raw);
      expect(seen.map((r) => r.method), raw).toEqual(['GET', 'GET', 'DELETE']);
      for (const r of seen) {
        const tail = r.path.split('/').at(-1)!;
        expect(r.path, raw).toMatch(/^\/gh\/(orgs\/acme\/memberships|users|orgs\/acme\/members)\/[^/]+$/);
        expect(decodeURIComponent(tail), raw).toBe(id);
        expect(r.search, raw).toBe('');
      }
      expect(badHeaders(seen)).toEqual([]);
    }
  });

  it('REST: request lines with raw CR, LF, NUL or non-ASCII bytes are refused by the HTTP layer', async () => {
    for (const bad of [Buffer.from('a\rb'), Buffer.from('a\0b'), Buffer.from([0x61, 0xff, 0x62]), Buffer.from('a b')]) {
      const line = Buffer.concat([
        Buffer.from('DELETE /unified/user-directory/users/'),
        bad,
        Buffer.from(`?integrated_account_id=${acc.github}&organization_id=acme HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nConnection: close\r\n\r\n`),
      ]);
      const answer = await rawSocket(svc, line);
      scan.check('raw socket answer', answer);
      expect(answer.startsWith('HTTP/1.1 400'), JSON.stringify(bad.toString('latin1'))).toBe(true);
    }
    expect(seen).toEqual([]);
  });

  it('params: organization ids stay one path segment; Slack workspace ids stay one form field; remote_query stays in the query', async () => {
    for (const org of ['../../admin', 'acme/teams/x', 'acme?x=1', 'acme#x', 'acme%2F..', ' acme ']) {
      seen.length = 0;
      const res = await gql(svc, DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: org } });
      expect(res.json!.errors, org).toBeUndefined();
      for (const r of seen.filter((x) => x.path.startsWith('/gh/orgs/'))) {
        const [, , , segment, kind] = r.path.split('/');
        expect(decodeURIComponent(segment!), org).toBe(org);
        expect(['memberships', 'members']).toContain(kind);
        expect(r.path.split('/')).toHaveLength(6);
      }
    }
    for (const org of ['..', '.', 'acme\r\nX-Injected: 1', 'acme\u0000']) {
      seen.length = 0;
      const res = await gql(svc, DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: org } });
      expect(res.json!.errors![0]!.extensions!.code, org).toBe('BAD_USER_INPUT');
      expect(seen.filter((r) => r.method !== 'GET'), org).toEqual([]);
    }

    seen.length = 0;
    const slack = await gql(svc, DELETE, { id: 'W012A3CDE', acc: acc.slack, input: { workspaceId: 'T1&user_id=WVICTIM&team_id=T2' } });
    expect(slack.json!.errors).toBeUndefined();
    const post = seen.find((r) => r.method === 'POST')!;
    const form = new URLSearchParams(post.rawBody);
    expect(form.getAll('user_id')).toEqual(['W012A3CDE']);
    expect(form.getAll('team_id')).toEqual(['T1&user_id=WVICTIM&team_id=T2']);
    const slackCrlf = await gql(svc, DELETE, { id: 'W012A3CDE', acc: acc.slack, input: { workspaceId: 'T1\r\nX-Injected: 1' } });
    expect(slackCrlf.json!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    // remoteQuery values with CR/LF, '&', '#', '?' are query values, percent-encoded, nothing else.
    seen.length = 0;
    const remoteQuery = { note: '\r\nX-Evil: 1', 'a&b': 'c=d', hash: '#frag', q: '?x=1', path: '../../admin' };
    const okta = await gql(svc, DELETE, { id: '00u-remote-query', acc: acc.okta, input: { remoteQuery } });
    expect(okta.json!.errors).toBeUndefined();
    for (const r of seen.filter((x) => x.method !== 'GET')) {
      expect(r.path.startsWith('/ok/api/v1/users/00u-remote-query')).toBe(true);
      expect(Object.fromEntries(new URLSearchParams(r.search))).toEqual(remoteQuery);
    }
    expect(badHeaders(seen)).toEqual([]);
    seen.length = 0;
    const rest = await rawHttp(svc, 'DELETE', restPath('00u-rest-rq', `integrated_account_id=${acc.okta}&remote_query[note]=%0d%0aX-Evil:%201&remote_query[a%26b]=c%3Dd`));
    expect(rest.status).toBe(200);
    for (const r of seen.filter((x) => x.method !== 'GET')) expect(Object.fromEntries(new URLSearchParams(r.search))).toEqual({ note: '\r\nX-Evil: 1', 'a&b': 'c=d' });
    expect(badHeaders(seen)).toEqual([]);
  });

  it('NUL in an account id or in a vendor\'s error string is answered with a typed error and audited (PostgreSQL refuses NUL in text)', async () => {
    const unknown = await gql(svc, DELETE, { id: 'nul-account', acc: 'acc\u0000x', input: { organizationId: 'acme' } });
    expect(unknown.json!.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
    const refused = await gql(svc, DELETE, { id: 'nul\u0000id', acc: acc.github, input: { organizationId: 'acme' } });
    expect(refused.json!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const vendor = await gql(svc, DELETE, { id: 'WNULERROR', acc: acc.slack, input: { workspaceId: 'T012AB3C4' } });
    expect(vendor.json!.errors![0]!.extensions!.code).toBe('REMOTE_ERROR');
    expect((await auditFor(svc, 'nul-account'))[0]).toMatchObject({ state: 'FAILED', errorCode: 'INTEGRATED_ACCOUNT_NOT_FOUND' });
    expect((await auditFor(svc, 'WNULERROR'))[0]).toMatchObject({ state: 'FAILED', errorCode: 'REMOTE_ERROR' });
    const exported = await fetch(`${svc.url}/deletion-audit/export?state=started`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(await scan.checkResponse('audit export', exported)).toBe('');
  });

  it('X-Request-Id reaches the vendor only when it is a plain token; Idempotency-Key is checked', async () => {
    for (const [given, passes] of [
      ['plain-id_1.2:3', true],
      ['../../etc/passwd', false],
      ['a b', false],
      ['x'.repeat(129), false],
      ['<script>', false],
    ] as const) {
      seen.length = 0;
      await gql(svc, DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: 'acme' } }, { 'x-request-id': given });
      const ids = new Set(seen.map((r) => r.headers['x-request-id']));
      expect(ids.size).toBe(1);
      const sent = [...ids][0]!;
      if (passes) expect(sent).toBe(given);
      else expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    }
    seen.length = 0;
    for (const key of ['x'.repeat(300), 'é-not-ascii', '']) {
      const res = await gql(svc, DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: 'acme' } }, { 'idempotency-key': key });
      if (key === '') continue;
      expect(res.json!.errors![0]!.extensions!.code, key).toBe('BAD_USER_INPUT');
    }
  });
});

describe('provider hosts', () => {
  const CREATE = `mutation($input: CreateIntegratedAccountInput!) { createIntegratedAccount(input: $input) { id } }`;

  it('refuses context values that would point a provider at another host', async () => {
    const oktaDomains = [
      'evil.com#.okta.com',
      'evil.com/.okta.com',
      'evil.com?.okta.com',
      'evil.com\\.okta.com',
      'evil.com%23.okta.com',
      'evil.com:443.okta.com',
      'user@evil.com.okta.com',
      'acme.okta.com.evil.com',
      'acme.okta.com.',
      'okta.com',
      '.okta.com',
      '127.0.0.1',
      '[::1]',
      '::1',
      'localhost',
      'evil.com',
      'acme.okta.com/../../evil',
      'acme.okta.com\r\nHost: evil.com',
      `${'a'.repeat(64)}.okta.com`,
    ];
    for (const domain of oktaDomains) {
      const res = await gql(svc, CREATE, { input: { integration: 'okta', credentials: { method: 'api_token', apiToken: OKTA_TOKEN }, context: { domain } } });
      expect(res.json!.errors?.[0]?.extensions?.code, domain).toBe('BAD_USER_INPUT');
      expect(res.json!.errors![0]!.message, domain).toMatch(/context\.domain/);
    }
    for (const subdomain of ['evil.com#', 'evil.com/', 'a.b', '127.0.0.1', '[::1]', 'evil.com:80', '@evil.com', 'evil?', '-acme', 'acme-', 'ac me']) {
      const res = await gql(svc, CREATE, { input: { integration: 'zendesk', credentials: { method: 'api_token', email: ZD_EMAIL, apiToken: ZD_TOKEN }, context: { subdomain } } });
      expect(res.json!.errors?.[0]?.extensions?.code, subdomain).toBe('BAD_USER_INPUT');
    }
    for (const baseUrl of ['file:///etc/passwd', 'ftp://evil.com/', 'http://user:pass@evil.com/', 'http://evil.com/?a=1', 'http://evil.com/#f', 'javascript:alert(1)', '//evil.com', 'evil.com', 'gopher://127.0.0.1:6379/_']) {
      const res = await gql(svc, CREATE, { input: { integration: 'github', credentials: { token: GH_TOKEN }, baseUrl } });
      expect(res.json!.errors?.[0]?.extensions?.code, baseUrl).toBe('BAD_USER_INPUT');
    }
  });

  it("refuses base and token URLs off the integration's hosts, and plain http to a public host (even in the test mode, even self-hosted)", async () => {
    seen.length = 0;
    const zdOauth = { method: 'oauth', accessToken: OAUTH.accessToken, refreshToken: OAUTH.refreshToken, clientId: 'hostile-client', clientSecret: OAUTH.clientSecret };
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: 'http://attacker.example/api', selfHosted: true }, /^baseUrl must use https/],
      [{ integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: 'http://api.github.com' }, /^baseUrl must use https/],
      [{ integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: 'https://attacker.example' }, /^baseUrl host attacker\.example is not one of GitHub's hosts \(api\.github\.com\); .*self-hosted/],
      [{ integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: 'https://api.github.com.attacker.example' }, /not one of GitHub's hosts/],
      [{ integration: 'zendesk', credentials: { method: 'api_token', email: ZD_EMAIL, apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: 'https://acme.zendesk.com.attacker.example' }, /not one of Zendesk's hosts \(\*\.zendesk\.com\)/],
      [{ integration: 'zendesk', credentials: { method: 'api_token', email: ZD_EMAIL, apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: 'https://zendesk.com' }, /not one of Zendesk's hosts/],
      [{ integration: 'okta', credentials: { method: 'api_token', apiToken: OKTA_TOKEN }, context: { domain: 'acme.okta.com' }, baseUrl: 'https://acme.okta.com.evil.io' }, /not one of Okta's hosts \(\*\.okta\.com, \*\.oktapreview\.com/],
      [{ integration: 'zendesk', credentials: zdOauth, context: { subdomain: 'acme' }, tokenUrl: 'https://attacker.example/oauth/tokens' }, /^tokenUrl host attacker\.example is not one of Zendesk's hosts \(\*\.zendesk\.com\)/],
      [{ integration: 'zendesk', credentials: zdOauth, context: { subdomain: 'acme' }, tokenUrl: 'http://acme.zendesk.com/oauth/tokens' }, /^tokenUrl must use https/],
    ];
    for (const [input, message] of refused) {
      const res = await gql(svc, CREATE, { input });
      const label = JSON.stringify(input.baseUrl ?? input.tokenUrl);
      expect(res.json!.errors?.[0]?.extensions, label).toMatchObject({ code: 'BAD_USER_INPUT', field: input.baseUrl ? 'baseUrl' : 'tokenUrl' });
      expect(res.json!.errors![0]!.message, label).toMatch(message);
    }
    // The vendor's own hosts (and their sandboxes) are accepted.
    for (const input of [
      { integration: 'zendesk', credentials: { method: 'api_token', email: ZD_EMAIL, apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: 'https://acme-sandbox.zendesk.com' },
      { integration: 'okta', credentials: { method: 'api_token', apiToken: OKTA_TOKEN }, context: { domain: 'acme.okta.com' }, baseUrl: 'https://acme.oktapreview.com' },
      { integration: 'zendesk', credentials: zdOauth, context: { subdomain: 'acme' }, tokenUrl: 'https://acme-sandbox.zendesk.com/oauth/tokens' },
    ]) {
      const res = await gql(svc, CREATE, { input });
      expect(res.json!.errors, JSON.stringify(input)).toBeUndefined();
    }
    // An update is held to the same rules (here by the admin key, which may skip the credentials).
    const moved = await gql(svc, `mutation($id: ID!) { updateIntegratedAccount(id: $id, input: { baseUrl: "https://attacker.example" }) { id } }`, { id: acc.github });
    expect(moved.json!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
    expect(seen).toEqual([]);
  });

  it('without ALLOW_PRIVATE_PROVIDER_HOSTS, refuses base URLs at loopback, private, link-local and CGNAT addresses, literal or resolved', async () => {
    // Plain http is refused when the account is stored; the https forms, on an account an admin
    // marked self-hosted (any host), are refused by the transport on connect.
    const port = new URL(fake.url).port;
    const hostsName = await privateHostsName();
    const bases = [
      `http://127.0.0.1:${port}/gh`,
      `http://[::1]:${port}/gh`,
      `http://localhost:${port}/gh`,
      `http://app.localhost:${port}/gh`,
      `http://0.0.0.0:${port}/gh`,
      `http://2130706433:${port}/gh`,
      `http://0x7f.1:${port}/gh`,
      `http://127.1:${port}/gh`,
      `http://[::ffff:127.0.0.1]:${port}/gh`,
      `http://[::127.0.0.1]:${port}/gh`,
      `http://[0:0:0:0:0:0:0:1]:${port}/gh`,
      'http://10.0.0.1/gh',
      'http://172.16.5.4/gh',
      'http://192.168.1.1/gh',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/gh',
      'http://[fe80::1]/gh',
      'http://[fd00::1]/gh',
      'http://[64:ff9b::7f00:1]/gh',
      ...(hostsName ? [`http://${hostsName}:${port}/gh`] : []),
    ];
    for (const plain of bases) {
      seen.length = 0;
      const refused = await gql(guarded, CREATE, { input: { integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: plain, selfHosted: true } });
      expect(refused.json!.errors?.[0]?.extensions, plain).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
      expect(refused.json!.errors![0]!.message, plain).toMatch(/^baseUrl must use https/);
      const baseUrl = plain.replace(/^http:/, 'https:');
      const account = await createAccount(guarded, { integration: 'github', credentials: { token: GH_TOKEN }, baseUrl, selfHosted: true });
      const res = await gql(guarded, DELETE, { id: 'octocat', acc: account, input: { organizationId: 'acme' } });
      expect(res.json!.errors?.[0]?.extensions?.code, baseUrl).toBe('FORBIDDEN');
      expect(res.json!.errors![0]!.message, baseUrl).toMatch(/refusing to connect to a private or loopback address/);
      expect(seen, baseUrl).toEqual([]);
    }
    console.log(`hostile: a name from /etc/hosts resolving to a private address: ${hostsName ?? '(none found, case skipped)'}`);
  });

  it('without ALLOW_PRIVATE_PROVIDER_HOSTS, refuses an OAuth token URL at a private address (no request leaves)', async () => {
    seen.length = 0;
    const oauth = {
      integration: 'zendesk',
      credentials: { method: 'oauth', accessToken: OAUTH.accessToken, refreshToken: OAUTH.refreshToken, clientId: 'hostile-client', clientSecret: OAUTH.clientSecret, expiresAt: '2000-01-01T00:00:00Z' },
      context: { subdomain: 'acme' },
      selfHosted: true,
    };
    const plain = await gql(guarded, CREATE, { input: { ...oauth, tokenUrl: `${fake.url}/oauth/token` } });
    expect(plain.json!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tokenUrl' });
    const account = await createAccount(guarded, { ...oauth, tokenUrl: `${fake.url.replace(/^http:/, 'https:')}/oauth/token` });
    const res = await gql(guarded, DELETE, { id: '35436', acc: account });
    expect(res.json!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(seen).toEqual([]);
  });

  it('without ALLOW_PRIVATE_PROVIDER_HOSTS, refuses a JWT-bearer token URL at a private address (no assertion leaves)', async () => {
    seen.length = 0;
    // Refused when the account is saved (host rules: plain http only to a private address in the
    // test mode), so no assertion is ever signed for it; a stored one would be refused at use.
    const res = await gql(guarded, CREATE_ACCOUNT, {
      input: {
        integration: 'google-workspace',
        credentials: { method: 'service_account', clientEmail: 'sa@hostile.iam.gserviceaccount.com', subject: 'admin@acme.example', privateKey: SA_PEM },
        tokenUrl: `${fake.url}/google/token`,
      },
    });
    expect(res.json!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tokenUrl' });
    expect(seen).toEqual([]);
  });

  it('follows no redirect, to another host or a private one', async () => {
    nextFault = 'redirect';
    for (const [which, id, input] of [
      ['github', 'octocat', { organizationId: 'acme' }],
      ['okta', '00u-redirect', {}],
    ] as const) {
      seen.length = 0;
      const res = await gql(svc, DELETE, { id, acc: acc[which], input });
      expect(res.json!.errors?.[0]?.extensions?.code).toBe('REMOTE_ERROR');
      expect(res.json!.errors![0]!.message).toMatch(/redirect/);
      expect(seen).toHaveLength(1);
    }
    // The redirect target (another host name, at a loopback address) saw nothing.
    expect(fake.elsewhere.requests).toEqual([]);
  });
});

describe('token endpoints that echo what they got', () => {
  it('a service account deletes through the fake; a refusal echoing the assertion, a client secret or a refresh token shows only the status', async () => {
    const serviceAccount = () =>
      createAccount(svc, {
        integration: 'google-workspace',
        credentials: { method: 'service_account', clientEmail: 'sa@hostile.iam.gserviceaccount.com', subject: 'admin@acme.example', privateKey: SA_PEM },
        baseUrl: `${fake.url}/gw`,
        tokenUrl: `${fake.url}/google/token`,
      });
    tokenReply = () => ({ body: { access_token: SA_ISSUED, expires_in: 3600 } });
    const ok = await gql(svc, DELETE, { id: 'liz@example.com', acc: await serviceAccount() });
    expect(ok.json!.errors).toBeUndefined();
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /google/token', 'GET /gw/admin/directory/v1/users/liz%40example.com', 'DELETE /gw/admin/directory/v1/users/115834185437629468913']);
    expect(seen[1]!.headers.authorization).toBe(`Bearer ${SA_ISSUED}`);

    tokenReply = (form) => ({ status: 400, body: { error: form.get('assertion'), error_description: `bad assertion ${form.get('assertion')}` } });
    const echoedAssertion = await gql(svc, DELETE, { id: 'liz@example.com', acc: await serviceAccount() });
    expect(echoedAssertion.json!.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(echoedAssertion.json!.errors![0]!.message).toContain('(HTTP 400)');

    const zendesk = (refreshToken: string) =>
      createAccount(svc, {
        integration: 'zendesk',
        credentials: { method: 'oauth', accessToken: OAUTH.accessToken, refreshToken, clientId: 'hostile-client', clientSecret: OAUTH.clientSecret, expiresAt: '2000-01-01T00:00:00Z' },
        context: { subdomain: 'acme' },
        baseUrl: `${fake.url}/zd`,
        tokenUrl: `${fake.url}/oauth/token`,
      });
    for (const echoed of ['client_secret', 'refresh_token'] as const) {
      tokenReply = (form) => ({ status: 401, body: { error: form.get(echoed) } });
      const res = await gql(svc, DELETE, { id: '35436', acc: await zendesk(OAUTH.refreshToken) });
      expect(res.json!.errors![0]!.extensions!.code, echoed).toBe('REAUTH_REQUIRED');
      expect(res.json!.errors![0]!.message, echoed).toContain('(HTTP 401)');
    }
    // A plain RFC 6749 code is still shown.
    tokenReply = () => ({ status: 400, body: { error: 'invalid_grant' } });
    const plain = await gql(svc, DELETE, { id: '35436', acc: await zendesk(OAUTH.refreshToken) });
    expect(plain.json!.errors![0]!.message).toContain('(invalid_grant)');
  });
});

/** A host name from /etc/hosts (not `localhost`) that resolves to a private address, if there is one. */
async function privateHostsName(): Promise<string | undefined> {
  let text: string;
  try {
    text = readFileSync('/etc/hosts', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!address || !isPrivateAddress(address)) continue;
    for (const name of names) {
      if (!name || name === 'localhost' || name.endsWith('.localhost') || !/^[a-z0-9.-]+$/i.test(name)) continue;
      const resolved = await lookup(name, { all: true }).catch(() => []);
      if (resolved.length && resolved.every((a) => isPrivateAddress(a.address))) return name;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Properties (fast-check). A failing property prints its seed and path; FC_SEED=<seed> replays the run.

const FC_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = (numRuns: number) => ({ numRuns, ...(FC_SEED !== undefined ? { seed: FC_SEED } : {}) });

/** Characters that have broken path handling somewhere, mixed with any code point (lone surrogates included). */
const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('.', '..', '/', '\\', '%', '%2e', '%2E', '%2f', '%2F', '%00', '%0d%0a', '%ff', '?', '#', '&', '=', ';', ':', '@', '+', ' ', '\t', '\r', '\n', '\u0000', '\u007f', '\u2028', '\uFEFF', 'ü', '日', '😀', '\uD800', '\uDFFF', '[', ']', '"', "'", 'a', 'Z', '0', '-', '_', '~') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const hostileString = fc.string({ unit: nasty, maxLength: 40 });
const anyValue = fc.oneof(hostileString, fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }));

function onlyBadInput(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_USER_INPUT') return err;
    throw err;
  }
}

const implemented = providers.map((p) => getEntry(p.slug)!);

describe('properties: validation', () => {
  it('checkUserId: any value is refused with BAD_USER_INPUT or returned as a bounded id without control characters', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, anyValue), fc.constantFrom('graphql' as const, 'rest' as const), (id, naming) => {
        const r = onlyBadInput(() => checkUserId(id, naming));
        if (r instanceof AppError) return;
        expect(r).toBe(id);
        const s = r as string;
        expect(s.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
        // eslint-disable-next-line no-control-regex -- control characters are what this checks for
        expect(/[\u0000-\u001f\u007f]/.test(s)).toBe(false);
        expect(/^\.+$/.test(s)).toBe(false);
        // whatever passes can be put in a vendor path
        expect(() => path`/users/${s}`).not.toThrow();
      }),
      runs(3000),
    );
  });

  it('validateParams: any input, for every implemented integration, is refused with BAD_USER_INPUT or returns declared, clean params', () => {
    const key = fc.oneof(fc.constantFrom(...PARAM_NAMES, ...EXTENSION_PARAM_NAMES), hostileString);
    fc.assert(
      fc.property(fc.constantFrom(...implemented), fc.dictionary(key, anyValue, { maxKeys: 4 }), fc.constantFrom('graphql' as const, 'rest' as const), (entry, input, naming) => {
        const r = onlyBadInput(() => validateParams(entry, input, naming));
        if (r instanceof AppError) return;
        for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
          expect(entry.params[k as keyof typeof entry.params] ?? entry.extensionParams?.[k as keyof typeof entry.extensionParams]).toBeDefined();
          // eslint-disable-next-line no-control-regex -- control characters are what this checks for
          if (typeof v === 'string') expect(/[\u0000-\u001f\u007f]/.test(v)).toBe(false);
        }
      }),
      runs(3000),
    );
  });

  it('checkRemoteQuery: any value is refused with BAD_USER_INPUT or is a bounded object', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        const r = onlyBadInput(() => checkRemoteQuery(v, 'graphql'));
        if (r instanceof AppError || r === undefined) return;
        expect(typeof r).toBe('object');
        expect(Array.isArray(r)).toBe(false);
      }),
      runs(2000),
    );
  });

  it('parseRestRequest and parseQuery: any path id and query string are refused with BAD_USER_INPUT or parsed', () => {
    const names = fc.constantFrom('integrated_account_id', 'organization_id', 'workspace_id', 'remote_query[a]', 'remote_query[a][b]', 'emails[]', 'groups[0][id]', 'dry_run', 'truto_response_format', 'truto_exclude_fields[]', 'permanent', 'irreversibly_erase_user_data', 'remove_from', 'a[', 'a]', '[]', 'x[0][]', 'x[][0]');
    const piece = fc.oneof(names, hostileString, fc.constantFrom('%', '%zz', '%2', '%e2%82', '+', '=', '&', '[', ']'));
    const search = fc.array(fc.tuple(piece, piece), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    const rawId = fc.oneof(hostileString, hostileString.map(encodeURIComponentSafe));
    fc.assert(
      fc.property(rawId, search, (id, q) => {
        onlyBadInput(() => parseQuery(q));
        const r = onlyBadInput(() => parseRestRequest(id, q));
        if (r instanceof AppError) return;
        expect(typeof (r as { id: string }).id).toBe('string');
      }),
      runs(3000),
    );
  });

  it('context values: a hostname or subdomain either is refused or builds a base URL on the vendor\'s own domain', () => {
    const okta = getEntry('okta')!;
    const zendesk = getEntry('zendesk')!;
    const host = fc.oneof(hostileString, fc.domain(), fc.domain().map((d) => `${d}.okta.com`), fc.constantFrom('acme.okta.com', 'evil.com#.okta.com', 'a.okta.com.evil.com'));
    fc.assert(
      fc.property(host, (value) => {
        const o = checkContextValue('domain', okta.context.domain!, value);
        if (o.value !== undefined) {
          const url = buildBaseUrl(okta, { domain: o.value });
          expect(url.hostname).toBe(o.value);
          expect(['.okta.com', '.oktapreview.com', '.okta-emea.com', '.okta-gov.com', '.okta.mil'].some((s) => url.hostname.endsWith(s))).toBe(true);
          expect(url.pathname).toBe('/');
        }
        const z = checkContextValue('subdomain', zendesk.context.subdomain!, value);
        if (z.value !== undefined) expect(buildBaseUrl(zendesk, { subdomain: z.value }).host).toBe(`${z.value}.zendesk.com`);
      }),
      runs(3000),
    );
  });

  it('parseBaseUrl: any string is refused with BAD_USER_INPUT or is an http(s) URL without credentials, query or fragment', () => {
    const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), hostileString, hostileString.map((s) => `https://${s}`));
    fc.assert(
      fc.property(url, (raw) => {
        const r = onlyBadInput(() => parseBaseUrl(raw));
        if (r instanceof AppError) return;
        const u = r as URL;
        expect(['http:', 'https:']).toContain(u.protocol);
        expect(u.username + u.password + u.search + u.hash).toBe('');
      }),
      runs(2000),
    );
  });

  it('credentials: anything accepted puts no CR, LF or NUL in an auth header', () => {
    const methods = implemented.flatMap((entry) => Object.keys(entry.auth).map((m) => [entry, m] as const));
    fc.assert(
      fc.property(fc.constantFrom(...methods), fc.dictionary(fc.constantFrom('token', 'apiToken', 'email', 'accessToken', 'clientId', 'clientSecret', 'refreshToken', 'username', 'password', 'apiKey'), fc.oneof(hostileString, anyValue), { maxKeys: 5 }), ([entry, method], fields) => {
        const creds = onlyBadInput(() => validateCredentials(entry, { method, ...fields }));
        if (creds instanceof AppError) return;
        const auth = onlyBadInput(() => resolveAuth(entry, creds as Parameters<typeof resolveAuth>[1]));
        if (auth instanceof AppError) return;
        for (const [k, v] of Object.entries((auth as { headers: Record<string, string> }).headers)) expect(/[\r\n\0]/.test(`${k}${v}`)).toBe(false);
      }),
      runs(3000),
    );
  });
});

function encodeURIComponentSafe(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

describe('properties: the vendor URL builder', () => {
  const transport = new Transport({ allowPrivateHosts: true });
  afterAll(() => transport.close());
  const client = (base: string, query: Record<string, string> = {}) =>
    new VendorHttp({
      transport,
      baseUrl: new URL(base),
      auth: { headers: {}, query, secrets: [] },
      timeoutMs: 1000,
      retry: { maxAttempts: 1, maxWaitMs: 0, baseDelayMs: 0 },
      maxBodyBytes: 1024,
      integration: 'Test',
    });
  const bases = ['https://api.github.com', 'https://acme.okta.com', 'http://127.0.0.1:8080/gh', 'https://github.acme.internal/api/v3/', 'https://trello.example/1'];

  it('keeps the host and path prefix; every value stays one segment that decodes back to itself; the query cannot override auth', () => {
    const query = fc.dictionary(fc.oneof(hostileString, fc.constantFrom('key', 'token', 'a[b]')), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 2 })), { maxKeys: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...bases), hostileString, hostileString, query, (base, org, id, q) => {
        const http = client(base, { key: 'auth-key-value', token: 'auth-token-value' });
        const built = onlyBadInput(() => http.url(path`/orgs/${org}/members/${id}`, q));
        if (built instanceof AppError) return;
        const url = built as URL;
        const b = new URL(base);
        expect(url.origin).toBe(b.origin);
        const prefix = `${b.pathname.replace(/\/+$/, '')}/orgs/`;
        expect(url.pathname.startsWith(prefix)).toBe(true);
        const rest = url.pathname.slice(prefix.length).split('/');
        expect(rest).toHaveLength(3);
        expect(rest[1]).toBe('members');
        expect(decodeURIComponent(rest[0]!)).toBe(org);
        expect(decodeURIComponent(rest[2]!)).toBe(id);
        expect(url.hash).toBe('');
        expect(url.searchParams.getAll('key')).toEqual(['auth-key-value']);
        expect(url.searchParams.getAll('token')).toEqual(['auth-token-value']);
        // what goes on the wire: no whitespace or control character in the request target
        // eslint-disable-next-line no-control-regex -- control characters are what this checks for
        expect(/[\s\u0000-\u001f\u007f]/.test(url.pathname + url.search)).toBe(false);
      }),
      runs(4000),
    );
  });

  it('an id that passes checkUserId always builds a URL', () => {
    fc.assert(
      fc.property(hostileString, (id) => {
        const ok = onlyBadInput(() => checkUserId(id, 'graphql'));
        if (ok instanceof AppError) return;
        expect(() => client('https://api.github.com').url(path`/users/${id}`)).not.toThrow();
      }),
      runs(3000),
    );
  });
});

describe('properties: end to end', () => {
  it('generated ids and organization ids, through the running service: one segment each at the vendor, or BAD_USER_INPUT and no call', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (id, org) => {
        seen.length = 0;
        const res = await gql(svc, DELETE, { id, acc: acc.github, input: { organizationId: org } });
        const code = res.json!.errors?.[0]?.extensions?.code;
        if (code !== undefined) {
          expect(code).toBe('BAD_USER_INPUT');
          expect(seen).toEqual([]);
          return;
        }
        expect(seen.map((r) => r.method)).toEqual(['GET', 'GET', 'DELETE']);
        for (const r of seen) {
          const segments = r.path.split('/');
          if (r.path.startsWith('/gh/orgs/')) {
            expect(segments).toHaveLength(6);
            expect(decodeURIComponent(segments[3]!)).toBe(org);
          } else expect(segments).toHaveLength(4);
          expect(decodeURIComponent(segments.at(-1)!)).toBe(id);
          expect(r.search).toBe('');
        }
        expect(badHeaders(seen)).toEqual([]);
      }),
      runs(250),
    );
  });
});

describe('secrets', () => {
  it('no credential in any response, log line or audit record of this suite', async () => {
    for (const service of [svc, guarded]) {
      const exp = await fetch(`${service.url}/deletion-audit/export`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const text = await scan.checkResponse('audit export', exp);
      expect(text.split('\n').filter(Boolean).length).toBeGreaterThan(10);
      for (const line of service.logs) scan.check('log line', line);
    }
    expect(scan.texts).toBeGreaterThan(100);
    expect(scan.hits).toEqual([]);
    console.log(`hostile: secret scan: ${scan.size} secret forms, ${scan.texts} texts, ${(scan.bytes / 1024).toFixed(0)} KB scanned, ${scan.hits.length} hits`);
  });
});
