/**
 * Input hardening, part of the hostile suite: prototype pollution through every way client input
 * becomes an object (REST query strings, remote_query, GraphQL JSON values, params, context,
 * credentials), bounded input (params and remoteQuery size, the audit record, GraphQL document
 * size and tokens, deleteUser fields per operation), redaction of a credential a vendor echoes
 * in any encoding (errors, remoteData, raw answers, the audit trail), cloud metadata and IPv6
 * transition addresses, and automatic persisted queries whose hash does not match.
 *
 * Everything goes through real HTTP into a started service, and the vendor is a local fake
 * recording what it received; properties (fast-check) cover the parsers and validators with
 * generated hostile keys. `FC_SEED=<seed>` replays a failing property.
 */
import { routeOwnerOfAccount } from './helpers/owners.js';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { Kind, parse, type ValueNode } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkRemoteQuery, MAX_INPUT_JSON_BYTES, validateParams } from '../src/deletion/validate.js';
import { AppError } from '../src/errors.js';
import { JSONScalar } from '../src/graphql/scalars.js';
import { validateContext, validateCredentials } from '../src/providers/core/definition.js';
import { encodingsOf, Redactor, REDACTED } from '../src/providers/core/redact.js';
import { isPrivateAddress } from '../src/providers/core/transport.js';
import { allIntegrations, providers } from '../src/providers/registry.js';
import { parseRestRequest } from '../src/rest/delete-user.js';
import { parseQuery } from '../src/rest/query.js';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { SecretScan } from './helpers/secret-scan.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

/** A token with every character that encodes differently (URL, form, JSON): `+/=~ !*()'&"\`. */
const GH_TOKEN = `ghp_R3dact+/=~ !*()'&"\\-000000001`;
const ZD_EMAIL = 'redact-admin@acme.example';
const ZD_TOKEN = "zd+Redact/Token=~!*'()&é-000001";
const B_TOKEN = 'ghp_tenantB00000000000000000001';
const SLACK_TOKEN = 'xoxp-R3dact+/=~-slack-000000001';

/** Every form of a secret the test looks for, computed here independently of redact.ts. */
function forms(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret, 'utf8');
  const out: Record<string, string> = {
    raw: secret,
    'json-escaped': JSON.stringify(secret).slice(1, -1),
    encodeURIComponent: encodeURIComponent(secret),
    'form-encoded': new URLSearchParams({ x: secret }).toString().slice(2),
    'lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    base64: bytes.toString('base64'),
    'base64 unpadded': bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
  };
  return out;
}
const BASIC = `${ZD_EMAIL}/token:${ZD_TOKEN}`;
const BASIC_B64 = Buffer.from(BASIC).toString('base64');
/** What a careless vendor echoes of each account's own credentials (an account knows only its own). */
const GH_ECHOES: Record<string, string> = {};
for (const [k, v] of Object.entries(forms(GH_TOKEN))) GH_ECHOES[`github token ${k}`] = v;
GH_ECHOES['bearer header form-encoded'] = new URLSearchParams({ x: `Bearer ${GH_TOKEN}` }).toString().slice(2);
const ZD_ECHOES: Record<string, string> = {};
for (const [k, v] of Object.entries(forms(ZD_TOKEN))) ZD_ECHOES[`zendesk token ${k}`] = v;
for (const [k, v] of Object.entries(forms(BASIC))) if (k.startsWith('base64')) ZD_ECHOES[`basic pair ${k}`] = v;
ZD_ECHOES['basic header url-encoded'] = encodeURIComponent(`Basic ${BASIC_B64}`);
const SLACK_ECHOES: Record<string, string> = {};
for (const [k, v] of Object.entries(forms(SLACK_TOKEN))) SLACK_ECHOES[`slack token ${k}`] = v;
const ECHOES: Record<string, string> = { ...GH_ECHOES, ...ZD_ECHOES, ...SLACK_ECHOES };

const scan = new SecretScan().add('admin key', ADMIN_KEY).add('tenant B token', B_TOKEN);
for (const [label, value] of Object.entries(ECHOES)) scan.add(label, value);

let svc: RunningService;
let guarded: RunningService;
let fake: FakeVendor;
const acc: Record<string, string> = {};
let keyB = '';

const ghUser = fixture<Record<string, unknown>>('github', 'user.json');
const ghMembership = fixture<Record<string, unknown>>('github', 'membership-active.json');
const zdUser = fixture<{ user: Record<string, unknown> }>('zendesk', 'user.json');

const DELETE = `mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $acc, input: $input) { id name bio remoteData deletionOutcome deletion { auditId calls { method url status } } }
}`;

type GqlBody = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };

async function post(service: RunningService, body: string, key = ADMIN_KEY, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: GqlBody }> {
  const res = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body });
  const text = await scan.checkResponse('graphql', res);
  return { status: res.status, text, json: JSON.parse(text) as GqlBody };
}

const gql = (service: RunningService, query: string, variables?: Record<string, unknown>, key = ADMIN_KEY) => post(service, JSON.stringify({ query, variables }), key);

/** A request whose path and query are sent exactly as given. */
function rawHttp(service: RunningService, method: string, rawPath: string, key = ADMIN_KEY): Promise<{ status: number; text: string }> {
  const u = new URL(service.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent: false, host: u.hostname, port: u.port, method, path: rawPath, headers: { authorization: `Bearer ${key}` } }, (res) => {
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

async function auditFor(service: RunningService, targetId: string, key = ADMIN_KEY) {
  const res = await gql(service, `query($t: ID) { deletionAudit(filter: { targetId: $t }, first: 50) { records { id state errorCode errorMessage input snapshot calls { method url status } } } }`, { t: targetId }, key);
  return res.json.data!.deletionAudit.records as Array<{ id: string; state: string; errorCode: string | null; errorMessage: string | null; input: any; snapshot: any; calls: Array<{ method: string; url: string; status: number | null }> }>;
}

/** The own property names of the built-in prototypes: any addition is pollution. */
function prototypeNames(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}
const PRISTINE = prototypeNames();
function expectNoPollution(label = ''): void {
  expect(prototypeNames(), label).toBe(PRISTINE);
  expect(({} as Record<string, unknown>).polluted, label).toBeUndefined();
  expect(({} as Record<string, unknown>).a, label).toBeUndefined();
}

beforeAll(async () => {
  fake = await startFake();
  svc = await startService({ VENDOR_TIMEOUT_MS: '5000' });
  guarded = await startService({ ALLOW_PRIVATE_PROVIDER_HOSTS: '', VENDOR_TIMEOUT_MS: '2000' });
  acc.github = await createAccount(svc, { integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: `${fake.url}/gh` });
  acc.slack = await createAccount(svc, { integration: 'slack-enterprise', credentials: { method: 'user_token', token: SLACK_TOKEN }, baseUrl: `${fake.url}/sl` });
  acc.zendesk = await createAccount(svc, { integration: 'zendesk', credentials: { method: 'api_token', email: ZD_EMAIL, apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: `${fake.url}/zd` });
  // A second tenant, with a deletion of its own in flight while the first one attacks.
  const t = await gql(svc, `mutation { createTenant(name: "globex") { id } }`);
  const k = await gql(svc, `mutation($t: ID!) { createApiKey(tenantId: $t, name: "globex", scopes: [USERS_DELETE, ACCOUNTS_MANAGE, AUDIT_READ]) { key } }`, { t: t.json.data!.createTenant.id });
  keyB = k.json.data!.createApiKey.key;
  scan.add('tenant B key', keyB);
  const b = await post(svc, JSON.stringify({ query: `mutation($input: CreateIntegratedAccountInput!) { createIntegratedAccount(input: $input) { id } }`, variables: { input: { integration: 'github', credentials: { token: B_TOKEN }, baseUrl: `${fake.url}/b` } } }), keyB);
  acc.githubB = b.json.data!.createIntegratedAccount.id;
  routeOwnerOfAccount({ integration: 'github', baseUrl: `${fake.url}/b` });
});

afterAll(async () => {
  await svc?.stop();
  await guarded?.stop();
  await fake?.stop();
});

beforeEach(() => fake.reset());

/** GitHub answers for user `id` under `prefix`, the user's fields built by `user`. */
function githubRoutes(prefix: string, id: string, user: Record<string, unknown> = {}, del: Parameters<FakeVendor['on']>[1] = { status: 204 }): void {
  fake
    .on(`GET ${prefix}/orgs/acme/memberships/${id}`, { body: ghMembership })
    .on(`GET ${prefix}/users/${id}`, { body: { ...ghUser, login: id, ...user } })
    .on(`DELETE ${prefix}/orgs/acme/members/${id}`, del);
}

describe('prototype pollution', () => {
  it('REST: __proto__, constructor and prototype in query names are refused by name; the process keeps serving, and another tenant\'s deletion in flight completes', async () => {
    // Tenant B's deletion waits at the vendor (its DELETE is held) while tenant A attacks.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const atVendor = new Promise<void>((r) => (arrived = r));
    githubRoutes('/b', 'inflight', {}, async () => {
      arrived();
      await held;
      return { status: 204 };
    });
    const inFlight = post(svc, JSON.stringify({ query: DELETE, variables: { id: 'inflight', acc: acc.githubB, input: { organizationId: 'acme' } } }), keyB);
    await atVendor;

    const base = `/unified/user-directory/users/1?integrated_account_id=${acc.github}&organization_id=acme`;
    const attacks: Array<[string, string]> = [
      ['__proto__%5Ba%5D=1', '__proto__[a]'],
      ['__proto__[polluted]=1', '__proto__[polluted]'],
      ['%5F%5Fproto%5F%5F[polluted]=1', '__proto__[polluted]'],
      ['__proto__=1', '__proto__'],
      ['remote_query[__proto__][polluted]=1', 'remote_query[__proto__][polluted]'],
      ['remote_query[constructor][prototype][polluted]=1', 'remote_query[constructor][prototype][polluted]'],
      ['constructor[prototype][polluted]=1', 'constructor[prototype][polluted]'],
      ['remote_query[a][prototype]=1', 'remote_query[a][prototype]'],
      ['groups[0][__proto__][polluted]=1', 'groups[0][__proto__][polluted]'],
      ['emails[__proto__]=1', 'emails[__proto__]'],
    ];
    for (const [query, name] of attacks) {
      const res = await rawHttp(svc, 'DELETE', `${base}&${query}`);
      expect(res.status, query).toBe(400);
      const error = JSON.parse(res.text).error;
      expect(error.code, query).toBe('BAD_USER_INPUT');
      expect(error.message, query).toMatch(/reserved name (__proto__|constructor|prototype)/);
      expect(error.params, query).toEqual([name]);
      expectNoPollution(query);
    }
    // The red team's exact request, with an account that does not exist.
    const exact = await rawHttp(svc, 'DELETE', '/unified/user-directory/users/1?integrated_account_id=x&__proto__%5Ba%5D=1');
    expect(exact.status).toBe(400);
    expectNoPollution('exact');

    // Metrics (prom-client reads label objects with for…in) and the next requests still work.
    expect((await fetch(`${svc.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    release();
    const b = await inFlight;
    expect(b.json.errors).toBeUndefined();
    expect(b.json.data!.deleteUser.deletionOutcome).toBe('REMOVED_FROM_CONTAINER');
    const [record] = await auditFor(svc, 'inflight', keyB);
    expect(record).toMatchObject({ state: 'SUCCEEDED' });
    // membership, profile, the account's owner lookup (its first deletion), the DELETE.
    expect(record!.calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'GET 200', 'GET 200', 'DELETE 204']);

    githubRoutes('/gh', 'after-attack');
    const next = await rawHttp(svc, 'DELETE', `/unified/user-directory/users/after-attack?integrated_account_id=${acc.github}&organization_id=acme`);
    expect(next.status).toBe(200);
    // Nothing reached the vendor for the refused requests.
    expect(fake.calls().filter((c) => c.startsWith('DELETE /gh/'))).toEqual(['DELETE /gh/orgs/acme/members/after-attack']);
  });

  it('GraphQL: reserved keys in remoteQuery (variables and literals), context and credentials are refused with BAD_USER_INPUT naming the field', async () => {
    const q = JSON.stringify(DELETE);
    // Raw JSON: a JavaScript object literal cannot even hold an own "__proto__" key.
    for (const [label, remoteQuery] of [
      ['__proto__', '{"__proto__":{"polluted":"1"}}'],
      ['constructor', '{"constructor":{"prototype":{"polluted":"1"}}}'],
      ['prototype', '{"a":{"prototype":"1"}}'],
    ] as const) {
      const res = await post(svc, `{"query":${q},"variables":{"id":"rq-${label}","acc":"${acc.github}","input":{"organizationId":"acme","remoteQuery":${remoteQuery}}}}`);
      expect(res.json.errors?.[0]?.extensions?.code, label).toBe('BAD_USER_INPUT');
      expect(res.json.errors![0]!.message, label).toMatch(new RegExp(`remoteQuery has the reserved key name ${label}`));
      expect(res.json.errors![0]!.extensions!.params, label).toEqual(['remoteQuery']);
      expectNoPollution(label);
    }
    const literal = await gql(svc, `mutation { deleteUser(id: "rq-literal", integratedAccountId: "${acc.github}", input: { organizationId: "acme", remoteQuery: { __proto__: { polluted: "1" } } }) { id } }`);
    expect(literal.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.json.errors![0]!.message).toMatch(/remoteQuery has the reserved key name __proto__/);

    const create = JSON.stringify(`mutation($input: CreateIntegratedAccountInput!) { createIntegratedAccount(input: $input) { id } }`);
    for (const [label, input, message] of [
      ['context __proto__', `{"integration":"zendesk","credentials":{"method":"api_token","email":"a@acme.example","apiToken":"zd-proto-token-1"},"context":{"subdomain":"acme","__proto__":{"polluted":"1"}}}`, /context\.__proto__ is not a context field of Zendesk/],
      ['context constructor', `{"integration":"zendesk","credentials":{"method":"api_token","email":"a@acme.example","apiToken":"zd-proto-token-1"},"context":{"subdomain":"acme","constructor":"x"}}`, /context\.constructor is not a context field of Zendesk/],
      ['credentials __proto__', `{"integration":"github","credentials":{"token":"ghp_proto0000000000001","__proto__":{"polluted":"1"}}}`, /credentials\.__proto__ is not a field of the token method/],
      ['credentials method constructor', `{"integration":"zendesk","credentials":{"method":"constructor","email":"a@acme.example","apiToken":"zd-proto-token-1"},"context":{"subdomain":"acme"}}`, /credentials\.method must be one of/],
      ['credentials method __proto__', `{"integration":"zendesk","credentials":{"method":"__proto__"},"context":{"subdomain":"acme"}}`, /credentials\.method must be one of/],
      ['credentials method toString', `{"integration":"zendesk","credentials":{"method":"toString"},"context":{"subdomain":"acme"}}`, /credentials\.method must be one of/],
    ] as const) {
      const res = await post(svc, `{"query":${create},"variables":{"input":${input}}}`);
      expect(res.json.errors?.[0]?.extensions?.code, label).toBe('BAD_USER_INPUT');
      expect(res.json.errors![0]!.message, label).toMatch(message);
      expectNoPollution(label);
    }
    expect(fake.requests).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

const FC_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = (numRuns: number) => ({ numRuns, ...(FC_SEED !== undefined ? { seed: FC_SEED } : {}) });
const RESERVED = ['__proto__', 'constructor', 'prototype'];
const hostileKey = fc.constantFrom(...RESERVED, 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'a', 'b', 'polluted', 'organizationId', 'subdomain', 'token', 'method');

/** JSON text of an object tree whose keys are drawn from `hostileKey` (JSON.parse makes each an own key). */
const hostileJsonText: fc.Arbitrary<string> = fc.letrec<{ node: string; obj: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('"1"', '1', 'true', 'null', '"x"'),
    tie('obj'),
    fc.array(tie('node'), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`),
  ),
  obj: fc.array(fc.tuple(hostileKey, tie('node')), { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).obj;

function hasReservedOwnKey(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasReservedOwnKey);
  return Object.keys(v).some((k) => RESERVED.includes(k) || hasReservedOwnKey((v as Record<string, unknown>)[k]));
}

function everyObjectWithoutPrototype(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(everyObjectWithoutPrototype);
  return Object.getPrototypeOf(v) === null && Object.values(v).every(everyObjectWithoutPrototype);
}

function onlyBadInput(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_USER_INPUT') return err;
    throw err;
  }
}

/** A GraphQL literal for a parsed JSON value (the way a client would write it inline). */
function literalOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(literalOf).join(' ')}]`;
  if (typeof v === 'object') return `{ ${Object.keys(v as object).map((k) => `${k}: ${literalOf((v as Record<string, unknown>)[k])}`).join(' ')} }`;
  return JSON.stringify(v);
}

describe('properties: no input reaches a prototype', () => {
  const entries = allIntegrations.map((r) => r.entry);
  const withGroups = entries.filter((e) => e.params.groups);
  const implemented = providers;

  it('parseQuery and parseRestRequest: a reserved name segment is refused with BAD_USER_INPUT naming it; whatever parses has no prototype', () => {
    const segment = fc.oneof(fc.constantFrom(...RESERVED), fc.constantFrom('a', 'b', '0', '', 'remote_query', 'groups', 'x'));
    const top = fc.constantFrom('__proto__', 'constructor', 'prototype', 'remote_query', 'groups', 'emails', 'a', '%5F%5Fproto%5F%5F');
    const name = fc.tuple(top, fc.array(segment, { maxLength: 4 })).map(([t, segs]) => `${t}${segs.map((s) => `[${s}]`).join('')}`);
    const search = fc.array(fc.tuple(name, fc.constantFrom('1', 'x', '')), { minLength: 1, maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    fc.assert(
      fc.property(search, (q) => {
        const parsed = onlyBadInput(() => parseQuery(q));
        const names = q.split('&').map((p) => decodeURIComponent(p.slice(0, p.indexOf('='))));
        const isReserved = (n: string) => n.split(/[[\]]+/).some((s) => RESERVED.includes(s));
        if (names.some(isReserved)) expect(parsed).toBeInstanceOf(AppError);
        else if (!(parsed instanceof AppError)) expect(everyObjectWithoutPrototype(parsed)).toBe(true);
        // Alone, a reserved name is refused as such, naming the parameter.
        for (const n of names.filter(isReserved)) {
          const alone = onlyBadInput(() => parseQuery(`${n}=1`)) as AppError;
          expect(alone.message).toMatch(/reserved name (__proto__|constructor|prototype)/);
          expect(alone.details.params).toEqual([n]);
        }
        onlyBadInput(() => parseRestRequest('1', `integrated_account_id=x&${q}`));
        expectNoPollution(q);
      }),
      runs(3000),
    );
  });

  it('the GraphQL JSON scalar: variables and literals become objects without a prototype, equal to what was sent', () => {
    fc.assert(
      fc.property(hostileJsonText, (text) => {
        const sent = JSON.parse(text) as unknown;
        const fromVariable = JSONScalar.parseValue(sent);
        expect(everyObjectWithoutPrototype(fromVariable)).toBe(true);
        expect(JSON.stringify(fromVariable)).toBe(JSON.stringify(sent));
        const ast = parse(`{ f(a: ${literalOf(sent)}) }`).definitions[0] as unknown as { selectionSet: { selections: Array<{ arguments: Array<{ value: ValueNode }> }> } };
        const node = ast.selectionSet.selections[0]!.arguments[0]!.value;
        expect(node.kind).toBe(Kind.OBJECT);
        const fromLiteral = JSONScalar.parseLiteral(node, {});
        expect(everyObjectWithoutPrototype(fromLiteral)).toBe(true);
        expect(JSON.stringify(fromLiteral)).toBe(JSON.stringify(sent));
        expectNoPollution(text);
      }),
      runs(2000),
    );
  });

  it('checkRemoteQuery, validateParams (groups), validateContext and validateCredentials: any object with reserved keys is refused with BAD_USER_INPUT; what passes has none', () => {
    const methods = implemented.flatMap((entry) => Object.keys(entry.auth).map((m) => [entry, m] as const));
    fc.assert(
      fc.property(hostileJsonText, fc.constantFrom(...withGroups), fc.constantFrom(...implemented), fc.constantFrom(...methods), fc.boolean(), (text, groupsEntry, contextEntry, [credsEntry, method], viaScalar) => {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        // As it arrives from JSON.parse (REST, tests) and as the GraphQL scalar hands it over.
        const value = viaScalar ? (JSONScalar.parseValue(parsed) as Record<string, unknown>) : parsed;
        const reserved = hasReservedOwnKey(value);
        const check = (r: unknown, what: string) => {
          if (r instanceof AppError) return;
          expect(reserved, `${what} accepted ${text}`).toBe(false);
          expect(hasReservedOwnKey(r), what).toBe(false);
        };
        check(onlyBadInput(() => checkRemoteQuery(value, 'graphql')), 'checkRemoteQuery');
        check(onlyBadInput(() => validateParams(groupsEntry, { groups: [value] }, 'graphql')), 'validateParams');
        const context = onlyBadInput(() => validateContext(contextEntry, value));
        if (!(context instanceof AppError)) expect(Object.keys(context as object).every((k) => Object.hasOwn(contextEntry.context, k))).toBe(true);
        check(context, 'validateContext');
        const creds = onlyBadInput(() => validateCredentials(credsEntry, { ...value, method }));
        check(creds instanceof AppError ? creds : (creds as { fields: unknown }).fields, 'validateCredentials');
        // A method name that is a property of every object is not a method.
        for (const m of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
          expect(onlyBadInput(() => validateCredentials(credsEntry, { method: m }))).toBeInstanceOf(AppError);
        }
        expectNoPollution(text);
      }),
      runs(2000),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('bounded input', () => {
  it(`refuses remoteQuery and params over ${MAX_INPUT_JSON_BYTES} bytes of JSON, naming them; the audit record keeps only their size and start`, async () => {
    const big = { a: 'x'.repeat(900_000) };
    const res = await gql(svc, DELETE, { id: 'big-remote-query', acc: acc.github, input: { organizationId: 'acme', remoteQuery: big } });
    expect(res.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.json.errors![0]!.message).toBe(`remoteQuery is 900008 bytes of JSON: at most ${MAX_INPUT_JSON_BYTES} bytes each are accepted`);
    expect(res.json.errors![0]!.extensions!.params).toEqual(['remoteQuery']);

    const params = await gql(svc, DELETE, { id: 'big-params', acc: acc.github, input: { organizationId: 'acme', workspaceId: 'w'.repeat(20_000) } });
    expect(params.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(params.json.errors![0]!.message).toMatch(new RegExp(`^the params \\(organizationId, workspaceId\\) are \\d+ bytes of JSON: at most ${MAX_INPUT_JSON_BYTES} bytes each are accepted$`));
    expect(params.json.errors![0]!.extensions!.params).toEqual(['organizationId', 'workspaceId']);
    expect(fake.requests).toEqual([]);

    // 20 of them grow the store by their records, not by what they carried.
    for (let i = 0; i < 20; i++) await gql(svc, DELETE, { id: 'big-remote-query', acc: acc.github, input: { organizationId: 'acme', remoteQuery: big } });
    const records = await auditFor(svc, 'big-remote-query');
    expect(records).toHaveLength(21);
    for (const r of records) {
      expect(r).toMatchObject({ state: 'FAILED', errorCode: 'BAD_USER_INPUT' });
      expect(r.input).toMatchObject({ params: { organizationId: 'acme' }, remoteQuery: null, dryRun: false, truncated: { remoteQuery: { bytes: 900008, limit: MAX_INPUT_JSON_BYTES } } });
      expect(r.input.truncated.remoteQuery.excerpt).toMatch(/^\{"a":"x+…$/);
      expect(JSON.stringify(r).length).toBeLessThan(2_000);
    }
    const [p] = await auditFor(svc, 'big-params');
    expect(p!.input).toMatchObject({ params: {}, remoteQuery: null, truncated: { params: { limit: MAX_INPUT_JSON_BYTES } } });
    expect(JSON.stringify(p).length).toBeLessThan(2_000);
    const exported = await fetch(`${svc.url}/deletion-audit/export?target_id=big-remote-query`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect((await scan.checkResponse('audit export', exported)).length).toBeLessThan(21 * 2_000);
  });

  it('keeps a remoteQuery within the bound whole, in the call and in the audit record', async () => {
    const remoteQuery = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, String(i).repeat(2000)]));
    githubRoutes('/gh', 'fits');
    const res = await gql(svc, DELETE, { id: 'fits', acc: acc.github, input: { organizationId: 'acme', remoteQuery } });
    expect(res.json.errors).toBeUndefined();
    const [record] = await auditFor(svc, 'fits');
    expect(record!.input).toEqual({ params: { organizationId: 'acme' }, remoteQuery, dryRun: false });
    expect(fake.requests.at(-1)!.query).toEqual(remoteQuery);
  });

  it('bounds parsing: tokens (20,000 @skip directives) and document size, before anything runs', async () => {
    const skips = (n: number) => `mutation Skips { deleteUser(id: "skips", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) ${'@skip(if:false)'.repeat(n)}{ id } }`;
    // The red team's document: 20,000 directives in 320 KB, refused by its size before parsing.
    expect(skips(20_000).length).toBeGreaterThan(300_000);
    const res = await gql(svc, skips(20_000));
    expect(res.status).toBe(400);
    expect(res.json.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.json.errors![0]!.message).toMatch(/^The GraphQL document is \d+ bytes; at most 65536 are parsed$/);
    // 1,000 of them in 15 KB: 7,000 tokens, and the parser stops at 5,000.
    expect(skips(1_000).length).toBeLessThan(65_536);
    const many = await gql(svc, skips(1_000));
    expect(many.status).toBe(400);
    expect(many.json.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(many.json.errors![0]!.message).toMatch(/more th\w+ 5000 tokens/);

    const tokens = await gql(svc, `{ ${'__typename '.repeat(5_000)} }`);
    expect(tokens.status).toBe(400);
    expect(tokens.json.errors![0]!.message).toMatch(/more th\w+ 5000 tokens/);

    // Comments are not tokens: the size bound answers before the parser reads them.
    const padded = `{ integrations { slug } }\n${'# padding\n'.repeat(7_000)}`;
    const large = await gql(svc, padded);
    expect(large.status).toBe(400);
    expect(large.json.errors![0]).toMatchObject({ message: `The GraphQL document is ${Buffer.byteLength(padded)} bytes; at most 65536 are parsed`, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });

    // Within both bounds, the same kind of documents run.
    const ok = await gql(svc, `{ integrations { slug } }\n${'# padding\n'.repeat(100)}`);
    expect(ok.json.errors).toBeUndefined();
    expect(fake.requests).toEqual([]);
    expect(await auditFor(svc, 'skips')).toEqual([]);
  });

  it('runs at most one deleteUser per operation (aliases and fragments counted by response name)', async () => {
    const del = (alias: string, id: string) => `${alias}: deleteUser(id: "${id}", integratedAccountId: "${acc.github}", input: { organizationId: "acme" }) { id }`;
    for (const [label, doc] of [
      ['two aliases', `mutation Two { ${del('a', 'two-1')} ${del('b', 'two-2')} }`],
      ['alias and inline fragment', `mutation Frag { ${del('a', 'two-1')} ... on Mutation { ${del('b', 'two-2')} } }`],
      ['named fragment', `fragment D on Mutation { ${del('b', 'two-2')} } mutation Named { ${del('a', 'two-1')} ...D }`],
      ['thirty aliases', `mutation Thirty { ${Array.from({ length: 30 }, (_, i) => del(`d${i}`, `two-${i}`)).join(' ')} }`],
    ] as const) {
      const res = await gql(svc, doc);
      expect(res.status, label).toBe(400);
      expect(res.json.errors![0]!.extensions!.code, label).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.json.errors![0]!.message, label).toMatch(/asks for \d+ deleteUser fields; at most 1 per operation/);
    }
    expect(fake.requests).toEqual([]);
    expect(await auditFor(svc, 'two-1')).toEqual([]);

    // The same field spread twice is one field (one response name): it runs once.
    githubRoutes('/gh', 'once');
    const once = await gql(svc, `fragment D on Mutation { ${del('d', 'once')} } mutation Once { ...D ...D }`);
    expect(once.json.errors).toBeUndefined();
    expect(fake.calls().filter((c) => c.startsWith('DELETE'))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('redaction of echoed credentials', () => {
  const echo = (echoes: Record<string, string>) => Object.fromEntries(Object.entries(echoes).map(([k, v], i) => [`field${i}`, `${k}: ${v}`]));
  const echoText = (echoes: Record<string, string>) => Object.values(echoes).join(' | ');

  it('the Redactor replaces every encoding of a secret, in text, strings and keys, without copying what carries none', () => {
    const r = new Redactor([GH_TOKEN, ZD_TOKEN, BASIC, BASIC_B64, SLACK_TOKEN]);
    for (const [label, form] of Object.entries(ECHOES)) {
      const out = r.text(`before ${form} after`);
      expect(out.includes(form), label).toBe(false);
      // Whole, or (a header quoted URL-encoded) the credential part of it.
      expect(out, label).toMatch(new RegExp(`^before (Basic%20|Bearer\\+)?\\[REDACTED\\] after$`));
    }
    const clean = { a: 'nothing here', d: new Date(0), n: [1, { b: 'x' }] };
    expect(r.value(clean)).toBe(clean);
    const dirty = r.value({ when: new Date(0), list: [{ [`k-${ECHOES['github token base64']}`]: echoText(ECHOES) }] });
    expect(dirty.when).toBeInstanceOf(Date);
    expect(JSON.stringify(dirty)).not.toMatch(/ghp_|zd\+/);
    for (const form of Object.values(ECHOES)) expect(JSON.stringify(dirty).includes(form)).toBe(false);
    // Secrets under 4 characters are not matched (innocent words would be).
    expect(new Redactor(['abc']).forms).toEqual([]);
    expect(encodingsOf('abcd')).toContain('YWJjZA');
  });

  it('property: any secret, in any of its encodings, embedded in any text, is gone after redaction', () => {
    const secret = fc.string({ unit: fc.oneof(fc.constantFrom('+', '/', '=', '~', ' ', '!', "'", '(', ')', '*', '&', '"', '\\', '%', 'é', '😀', ':'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 8, maxLength: 30 });
    fc.assert(
      fc.property(secret, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (s, before, after) => {
        const r = new Redactor([s]);
        for (const form of Object.values(forms(s))) {
          const out = r.text(`${before}${form}${after}`);
          expect(out.includes(form), JSON.stringify({ s, form })).toBe(false);
          expect(JSON.stringify(r.value({ [form]: [form] })).includes(JSON.stringify(form).slice(1, -1))).toBe(false);
        }
      }),
      runs(1000),
    );
  });

  it('a 200 body echoing the credentials: remoteData, the unified user, the raw answer, the snapshot and the export carry none of them', async () => {
    githubRoutes('/gh', 'echo-gh', { name: `Echo ${echoText(GH_ECHOES)}`, bio: echoText(GH_ECHOES), echo: echo(GH_ECHOES) }, { status: 200, body: { message: echoText(GH_ECHOES), ...echo(GH_ECHOES) } });
    const res = await gql(svc, DELETE, { id: 'echo-gh', acc: acc.github, input: { organizationId: 'acme' } });
    expect(res.json.errors).toBeUndefined();
    const user = res.json.data!.deleteUser;
    expect(user.name).toContain(REDACTED);
    expect(user.bio).toContain(REDACTED);
    expect(JSON.stringify(user.remoteData)).toContain(REDACTED);

    fake.reset();
    const zdEcho = { user: { ...zdUser.user, id: 424242, name: `Echo ${echoText(ZD_ECHOES)}`, notes: echoText(ZD_ECHOES), echo: echo(ZD_ECHOES) } };
    fake.on('GET /zd/api/v2/users/424242', { body: zdEcho }).on('DELETE /zd/api/v2/users/424242', { body: zdEcho });
    const unified = await rawHttp(svc, 'DELETE', `/unified/user-directory/users/424242?integrated_account_id=${acc.zendesk}`);
    expect(unified.status).toBe(200);
    expect(JSON.parse(unified.text).remote_data.notes).toContain(REDACTED);
    const raw = await rawHttp(svc, 'DELETE', `/unified/user-directory/users/424242?integrated_account_id=${acc.zendesk}&truto_response_format=raw`);
    expect(raw.status).toBe(200);
    // Still the vendor's JSON, with the secrets replaced.
    expect(JSON.parse(raw.text).user.notes).toContain(REDACTED);

    for (const target of ['echo-gh', '424242']) {
      for (const record of await auditFor(svc, target)) {
        expect(record.state).toBe('SUCCEEDED');
        expect(JSON.stringify(record.snapshot)).toContain(REDACTED);
      }
    }
  });

  it('an error body echoing the credentials (values and keys), and a vendor error string in a 200: redacted in the answer and the audit record', async () => {
    fake.on('GET /gh/orgs/acme/memberships/echo-error', { status: 500, body: { message: `failed for ${echoText(GH_ECHOES)}`, [GH_ECHOES['github token base64']!]: 'key echo', detail: echo(GH_ECHOES) } });
    const res = await gql(svc, DELETE, { id: 'echo-error', acc: acc.github, input: { organizationId: 'acme' } });
    expect(res.json.errors![0]!.extensions!.code).toBe('REMOTE_ERROR');
    expect(JSON.stringify(res.json.errors![0]!.extensions!.remote)).toContain(REDACTED);
    const rest = await rawHttp(svc, 'DELETE', `/unified/user-directory/users/echo-error?integrated_account_id=${acc.github}&organization_id=acme`);
    expect(JSON.parse(rest.text).error.vendor.body.message).toContain(REDACTED);
    const [record] = await auditFor(svc, 'echo-error');
    expect(record).toMatchObject({ state: 'FAILED', errorCode: 'REMOTE_ERROR' });

    // Slack's way of failing: a 200 whose `error` string (it becomes the message) echoes the token.
    fake.on('GET /sl/users.info', { body: { ok: false, error: `not_authed ${echoText(SLACK_ECHOES)}` } });
    const slack = await gql(svc, DELETE, { id: 'U0ECHO1', acc: acc.slack, input: { workspaceId: 'T0123' } });
    expect(slack.json.errors![0]!.extensions!.code).toBe('REMOTE_ERROR');
    expect(slack.json.errors![0]!.message).toMatch(/^Slack .*reported an error: not_authed \[REDACTED\]/);
    const [slackRecord] = await auditFor(svc, 'U0ECHO1');
    expect(slackRecord!.errorMessage).toContain(REDACTED);
  });

  it('no form of any credential in any answer, log line, audit export or metrics of this file', async () => {
    for (const service of [svc, guarded]) {
      const exp = await fetch(`${service.url}/deletion-audit/export`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const text = await scan.checkResponse('audit export', exp);
      if (service === svc) expect(text).toContain(REDACTED);
      for (const line of service.logs) scan.check('log line', line);
      await scan.checkResponse('metrics', await fetch(`${service.url}/metrics`));
    }
    expect(scan.hits).toEqual([]);
    console.log(`input-hardening: secret scan: ${scan.size} secret forms, ${scan.texts} texts, ${(scan.bytes / 1024).toFixed(0)} KB scanned, ${scan.hits.length} hits`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('addresses and persisted queries', () => {
  it('refuses 6to4, Teredo, site-local, NAT64 and cloud metadata addresses (and keeps public ones)', async () => {
    const refused = [
      '2002:7f00:1::1', // 6to4 of 127.0.0.1
      '2002:a00:1::1', // 6to4 of 10.0.0.1
      '2002:808:808::1', // 6to4 of a public address: the whole deprecated range is refused
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
      '2001::1',
      'fec0::1', // site-local
      'feff:ffff::1',
      '64:ff9b:1::a00:1', // local-use NAT64
      '::7f00:1', // IPv4-compatible
      '168.63.129.16', // Azure wireserver
      '100.100.100.200', // Alibaba Cloud metadata
      'fd00:ec2::254', // AWS IPv6 metadata
      '169.254.169.254',
      '192.0.0.192', // Oracle Cloud metadata (IETF protocol assignments)
      '198.18.0.1', // benchmarking
      '240.0.0.1',
      '255.255.255.255',
    ];
    for (const a of refused) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '192.0.78.9', '140.82.112.3', '2606:4700:4700::1111', '2001:4860:4860::8888', '2620:1ec:bdf::10', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
    for (const host of ['[2002:7f00:1::1]', '[2001:0:4136:e378:8000:63bf:3fff:fdd2]', '[fec0::1]', '168.63.129.16', '100.100.100.200']) {
      // https and marked self-hosted by the admin, so the host rules let it be saved; the transport refuses it.
      const account = await createAccount(guarded, { integration: 'github', credentials: { token: 'ghp_guarded000000000000001' }, baseUrl: `https://${host}/gh`, selfHosted: true });
      const res = await gql(guarded, DELETE, { id: 'octocat', acc: account, input: { organizationId: 'acme' } });
      expect(res.json.errors?.[0]?.extensions?.code, host).toBe('FORBIDDEN');
      expect(res.json.errors![0]!.message, host).toMatch(/refusing to connect to a private or loopback address/);
    }
  });

  it('an automatic persisted query whose hash is not the query\'s: 400 PERSISTED_QUERY_HASH_MISMATCH, over POST and GET', async () => {
    const query = '{ integrations { slug } }';
    const wrong = 'a'.repeat(64);
    const right = createHash('sha256').update(query).digest('hex');
    const mismatch = await post(svc, JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.errors).toEqual([{ message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query', extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }]);
    const search = new URLSearchParams({ query, extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: wrong } }) });
    const get = await fetch(`${svc.url}/graphql?${search}`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'apollo-require-preflight': 'true' } });
    const body = JSON.parse(await scan.checkResponse('graphql get', get)) as GqlBody;
    expect(get.status).toBe(400);
    expect(body.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    // The right hash registers the query, and the hash alone then runs it.
    const ok = await post(svc, JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: right } } }));
    expect(ok.json.errors).toBeUndefined();
    const byHash = await post(svc, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: right } } }));
    expect(byHash.json.data!.integrations.length).toBeGreaterThan(0);
  });
});
