/**
 * The auth kinds whose token the core acquires (JWT bearer assertions, OAuth 2.0 grants incl.
 * Zoom's account credentials, sign-in sessions) and credentials in the request body, against a
 * local fake token endpoint that checks the exact request: claims and signature (verified with
 * the public key), grant type, form encoding. Then per kind: the token is cached, renewed when
 * due and on a 401, single-flight (50 at once → one token request), and a refusal marks the
 * account needs_reauth (REAUTH_REQUIRED).
 *
 * Google Workspace runs end to end through the service (GraphQL deleteUser) with a service
 * account, also with two processes on one PostgreSQL. The kinds of integrations not implemented
 * yet (Zoom, Box, DocuSign, Salesforce, Tableau, Looker, Jamf) run through the same core the
 * service uses (TokenRefresher.clientAuth and VendorHttp) on the running service's store.
 * The file ends with the secret scan of everything the service let out (private keys in all
 * their forms, session tokens, issued tokens).
 */
import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenRefresher } from '../src/deletion/oauth.js';
import { buildBaseUrl, credentialFields, impersonatedSubject, placeholders, PROVIDED_FIELD, resolveAuth, templateLeaves, validateCredentials } from '../src/providers/core/definition.js';
import { VendorHttp, type VendorCall } from '../src/providers/core/http.js';
import { path } from '../src/providers/core/path.js';
import { Transport } from '../src/providers/core/transport.js';
import { allIntegrations, getEntry } from '../src/providers/registry.js';
import type { AccountWithCredentials } from '../src/store/accounts.js';
import { type FakeReply, type FakeVendor, type RecordedRequest, startFake } from './helpers/fake-vendor.js';
import { dropSchema, freshSchema, LOCAL_POSTGRES } from './helpers/pg.js';
import { fixture } from './helpers/provider.js';
import { createAccount, type RunningService, startService } from './helpers/service.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PASSPHRASE = 'box-key-passphrase-789';
const ENCRYPTED_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString();
const EC_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let svc: RunningService;
let fake: FakeVendor;
let tokenCalls = 0;
const issued: string[] = [];

const DELETE = `mutation($id: ID!, $acc: ID!) { deleteUser(id: $id, integratedAccountId: $acc) { id deletionOutcome } }`;
const GW_ID = '115834185437629468913';
const SA = { clientEmail: 'deleter@acme-prod.iam.gserviceaccount.com', subject: 'admin@acme.example', privateKeyId: 'a1b2c3d4e5f60718293a' };

/** A token the fake issues, registered with the secret scan. */
function token(label: string): string {
  const t = `${label}-${issued.length}-${Math.random().toString(36).slice(2, 12)}`;
  issued.push(t);
  svc.scan.add(`issued ${label}`, t);
  return t;
}

function tokenRoute(route: string, reply: () => FakeReply, delayMs = 0): void {
  fake.on(route, async () => {
    tokenCalls++;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return reply();
  });
}

async function accountStatus(id: string): Promise<string> {
  const res = await svc.gql(`{ integratedAccounts { id status } }`);
  return res.body.data.integratedAccounts.find((a: { id: string }) => a.id === id).status;
}

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
});
afterAll(async () => {
  // Fails when a credential, private key (any form) or issued token left the service.
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => {
  fake.reset();
  tokenCalls = 0;
});

// ---------------------------------------------------------------------------------------------
// Google Workspace with a service account, end to end.
// ---------------------------------------------------------------------------------------------

async function googleAccount(credentials: Record<string, unknown> = {}, on: RunningService = svc): Promise<string> {
  return createAccount(on, {
    integration: 'google-workspace',
    credentials: { method: 'service_account', ...SA, privateKey: PEM, ...credentials },
    baseUrl: `${fake.url}/gw`,
    tokenUrl: `${fake.url}/google/token`,
  });
}

/** Directory API routes answering only `accepted` tokens (401 otherwise, as Google does). */
function directory(userKey: string, accepted: () => readonly string[]): void {
  const authorised = (reply: FakeReply) => (r: RecordedRequest) =>
    accepted().some((t) => r.headers.authorization === `Bearer ${t}`) ? reply : { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
  fake.on(`GET /gw/admin/directory/v1/users/${encodeURIComponent(userKey)}`, authorised({ body: fixture('google-workspace', 'user.json') }));
  fake.on(`DELETE /gw/admin/directory/v1/users/${GW_ID}`, authorised({ status: 204 }));
}

function googleToken(expiresIn = 3599): () => FakeReply {
  return () => ({ body: { access_token: token('ya29.sa'), expires_in: expiresIn, token_type: 'Bearer' } });
}

describe('Google Workspace with a service account (JWT bearer, RFC 7523)', () => {
  it('deletes a user: the token request is a form with the grant type and a JWT the public key verifies, carrying the declared claims', async () => {
    const acc = await googleAccount();
    tokenRoute('POST /google/token', googleToken());
    directory('liz@example.com', () => issued);
    const res = await svc.gql(DELETE, { id: 'liz@example.com', acc });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.deleteUser).toEqual({ id: GW_ID, deletionOutcome: 'DELETED' });
    expect(fake.calls()).toEqual(['POST /google/token', 'GET /gw/admin/directory/v1/users/liz%40example.com', `DELETE /gw/admin/directory/v1/users/${GW_ID}`]);

    const req = fake.requests[0]!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.authorization).toBeUndefined();
    const form = req.body as Record<string, string>;
    expect(Object.keys(form)).toEqual(['grant_type', 'assertion']);
    expect(req.rawBody.startsWith('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=')).toBe(true);
    expect(form.grant_type).toBe(JWT_GRANT);
    const { payload, protectedHeader } = await jwtVerify(form.assertion!, keys.publicKey, { algorithms: ['RS256'] });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: SA.privateKeyId });
    expect(payload).toEqual({
      iss: SA.clientEmail,
      sub: SA.subject,
      aud: `${fake.url}/google/token`,
      scope: 'https://www.googleapis.com/auth/admin.directory.user',
      iat: payload.iat,
      exp: payload.iat! + 3600,
    });
    // The directory calls carry the minted token.
    expect(fake.requests[1]!.headers.authorization).toBe(`Bearer ${issued.at(-1)}`);
  });

  it('caches the token until shortly before it expires, then mints a new one before the call', async () => {
    const acc = await googleAccount();
    tokenRoute('POST /google/token', googleToken(3599));
    directory('liz@example.com', () => issued);
    for (let i = 0; i < 3; i++) expect((await svc.gql(DELETE, { id: 'liz@example.com', acc })).body.errors).toBeUndefined();
    expect(tokenCalls).toBe(1);

    // A token that expires within the 60 s margin is renewed before each call.
    const soon = await googleAccount();
    fake.reset();
    tokenCalls = 0;
    tokenRoute('POST /google/token', googleToken(30));
    directory('liz@example.com', () => issued);
    for (let i = 0; i < 2; i++) expect((await svc.gql(DELETE, { id: 'liz@example.com', acc: soon })).body.errors).toBeUndefined();
    expect(tokenCalls).toBe(2);
    expect(fake.calls().filter((c) => c.startsWith('POST'))).toHaveLength(2);
  });

  it('a 401 mints a new token once and retries the call with it', async () => {
    const acc = await googleAccount();
    const first = token('ya29.revoked');
    const second = token('ya29.fresh');
    const answers = [first, second];
    tokenRoute('POST /google/token', () => ({ body: { access_token: answers.shift(), expires_in: 3599 } }));
    directory('liz@example.com', () => [second]);
    const res = await svc.gql(DELETE, { id: 'liz@example.com', acc });
    expect(res.body.errors).toBeUndefined();
    expect(fake.calls()).toEqual([
      'POST /google/token',
      'GET /gw/admin/directory/v1/users/liz%40example.com',
      'POST /google/token',
      'GET /gw/admin/directory/v1/users/liz%40example.com',
      `DELETE /gw/admin/directory/v1/users/${GW_ID}`,
    ]);
  });

  it('50 concurrent deletions on an account without a token cause one token request', async () => {
    const acc = await googleAccount();
    tokenRoute('POST /google/token', googleToken(), 100);
    const ids = Array.from({ length: 50 }, (_, i) => `user${i}@example.com`);
    for (const id of ids) directory(id, () => issued);
    const results = await Promise.all(ids.map((id) => svc.gql(DELETE, { id, acc })));
    expect(results.filter((r) => r.body.errors)).toEqual([]);
    expect(tokenCalls).toBe(1);
  });

  it('a refused assertion marks the account needs_reauth: REAUTH_REQUIRED, and no more token requests until new credentials', async () => {
    const acc = await googleAccount();
    tokenRoute('POST /google/token', () => ({ status: 401, body: { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method.' } }));
    const res = await svc.gql(DELETE, { id: 'liz@example.com', acc });
    expect(res.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(res.body.errors![0]!.message).toMatch(/unauthorized_client/);
    expect(await accountStatus(acc)).toBe('needs_reauth');
    const again = await svc.gql(DELETE, { id: 'liz@example.com', acc });
    expect(again.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    expect(tokenCalls).toBe(1);
    expect(fake.requests.filter((r) => r.path.startsWith('/gw/'))).toEqual([]);

    const upd = await svc.gql(`mutation($id: ID!, $c: JSON) { updateIntegratedAccount(id: $id, input: { credentials: $c }) { status } }`, {
      id: acc,
      c: { method: 'service_account', ...SA, privateKey: PEM },
    });
    expect(upd.body.data.updateIntegratedAccount.status).toBe('active');
    fake.reset();
    tokenRoute('POST /google/token', googleToken());
    directory('liz@example.com', () => issued);
    expect((await svc.gql(DELETE, { id: 'liz@example.com', acc })).body.errors).toBeUndefined();
  });

  it('a private key pasted from the JSON key file with literal \\n is read as the PEM', async () => {
    const acc = await googleAccount({ privateKey: PEM.replace(/\n/g, '\\n') });
    tokenRoute('POST /google/token', googleToken());
    directory('liz@example.com', () => issued);
    expect((await svc.gql(DELETE, { id: 'liz@example.com', acc })).body.errors).toBeUndefined();
    await jwtVerify((fake.requests[0]!.body as Record<string, string>).assertion!, keys.publicKey);
  });

  it('refuses a private key that cannot sign RS256, naming the field and never the key', async () => {
    const create = (privateKey: string, extra: Record<string, string> = {}) =>
      svc.gql(`mutation($input: CreateIntegratedAccountInput!) { createIntegratedAccount(input: $input) { id } }`, {
        input: { integration: 'google-workspace', credentials: { method: 'service_account', ...SA, privateKey, ...extra } },
      });
    const notPem = await create('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
    expect(notPem.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(notPem.body.errors![0]!.message).toContain('credentials.privateKey must be a PEM private key');
    const ec = await create(EC_PEM);
    expect(ec.body.errors![0]!.message).toContain('credentials.privateKey must be an RSA key (RS256), not ec');
    const locked = await create(ENCRYPTED_PEM);
    expect(locked.body.errors![0]!.message).toContain('credentials.privateKey is encrypted: give privateKeyPassphrase too');
    const wrong = await create(ENCRYPTED_PEM, { privateKeyPassphrase: 'not-the-passphrase' });
    expect(wrong.body.errors![0]!.message).toContain('credentials.privateKey cannot be read');
    const torn = await create(PEM.slice(0, 400));
    expect(torn.body.errors![0]!.message).toContain('credentials.privateKey cannot be read');
    for (const r of [notPem, ec, locked, wrong, torn]) expect(r.text).not.toContain('MII');
    const missing = await svc.gql(`mutation($input: CreateIntegratedAccountInput!) { createIntegratedAccount(input: $input) { id } }`, {
      input: { integration: 'google-workspace', credentials: { method: 'service_account', privateKey: PEM } },
    });
    expect(missing.body.errors![0]!.message).toMatch(/credentials\.clientEmail is required; credentials\.subject is required/);
  });

  it('a vendor answer echoing the token or the private key is redacted', async () => {
    const acc = await googleAccount();
    tokenRoute('POST /google/token', googleToken());
    const line = PEM.split('\n')[3]!;
    fake.on('GET /gw/admin/directory/v1/users/liz%40example.com', (r) => ({
      status: 500,
      body: { error: { message: `backend echoed ${r.headers.authorization} and ${line} and ${JSON.stringify(PEM)}` } },
    }));
    const res = await svc.gql(DELETE, { id: 'liz@example.com', acc });
    expect(res.body.errors![0]!.extensions!.code).toBe('REMOTE_ERROR');
    expect(res.text).toContain('[REDACTED]');
    expect(res.text).not.toContain(line);
    expect(res.text).not.toContain(issued.at(-1));
  });

  it('integrations lists the service account first, with its credential fields, token URL, scope and docs', async () => {
    const res = await svc.gql(`{ integration(slug: "google-workspace") { authMethods { name kind tokenUrl scopes docsUrl credentialFields { name required } } } }`);
    const [sa, oauth] = res.body.data.integration.authMethods;
    expect(sa).toEqual({
      name: 'service_account',
      kind: 'jwt_bearer',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
      docsUrl: 'https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority',
      credentialFields: [
        { name: 'privateKey', required: true },
        { name: 'clientEmail', required: true },
        { name: 'subject', required: true },
        { name: 'privateKeyId', required: false },
        { name: 'privateKeyPassphrase', required: false },
      ],
    });
    expect(oauth).toMatchObject({ name: 'oauth', kind: 'oauth2' });
  });

  it('refuses to delete the administrator the service account impersonates (the token owner), with no DELETE', async () => {
    const acc = await googleAccount();
    tokenRoute('POST /google/token', googleToken());
    // The directory answers the administrator's own record for their address.
    const admin = { ...fixture<Record<string, unknown>>('google-workspace', 'user.json'), primaryEmail: SA.subject };
    fake.on(`GET /gw/admin/directory/v1/users/${encodeURIComponent(SA.subject)}`, { body: admin });
    const res = await svc.gql(DELETE, { id: SA.subject, acc });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.body.errors?.[0]?.message).toMatch(/cannot remove the account's own administrator/);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('the impersonated administrator is the token owner the core can name', () => {
    const entry = getEntry('google-workspace')!;
    const creds = validateCredentials(entry, { method: 'service_account', ...SA, privateKey: PEM });
    expect(impersonatedSubject(entry, creds)).toBe(SA.subject);
    expect(impersonatedSubject(entry, { method: 'oauth', fields: { accessToken: 'x' } })).toBeUndefined();
  });
});

describe('a service account across two processes sharing one PostgreSQL', () => {
  it('50 concurrent deletions spread over both cause one token request', async () => {
    const schema = freshSchema();
    const shared = { DATABASE_URL: LOCAL_POSTGRES, DATABASE_SCHEMA: schema, ENCRYPTION_KEY: 'cd'.repeat(32) };
    const one = await startService(shared);
    const two = await startService(shared);
    try {
      const acc = await googleAccount({}, one);
      two.scan.addPrivateKey('credentials.privateKey', PEM);
      tokenRoute('POST /google/token', () => {
        const t = `ya29.pg-${Math.random().toString(36).slice(2, 12)}`;
        issued.push(t);
        one.scan.add('issued token', t);
        two.scan.add('issued token', t);
        return { body: { access_token: t, expires_in: 3599 } };
      }, 200);
      const ids = Array.from({ length: 50 }, (_, i) => `pg${i}@example.com`);
      for (const id of ids) directory(id, () => issued);
      const results = await Promise.all(ids.map((id, i) => (i % 2 ? two : one).gql(DELETE, { id, acc })));
      expect(results.filter((r) => r.body.errors)).toEqual([]);
      expect(tokenCalls).toBe(1);
    } finally {
      await one.stop();
      await two.stop();
      await dropSchema(LOCAL_POSTGRES, schema);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every other kind, through the core the service uses, on the running service's store.
// ---------------------------------------------------------------------------------------------

const SITE_ID = '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d';
const DS_ACCOUNT = 'f0f1e2d3-c4b5-a697-8879-6a5b4c3d2e1f';
const DS_USER = '4f3e2d1c-0b9a-8f7e-6d5c-4b3a2f1e0d9c';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface KindCase {
  name: string;
  integration: string;
  method: string;
  credentials: Record<string, string>;
  context?: Record<string, string>;
  /** Base path of the account on the fake. */
  base: string;
  /** The token URL override on the fake, when the kind has one (sessions sign in under the base URL). */
  tokenPath?: string;
  /** The route the token (or sign-in) request takes. */
  tokenRoute: string;
  answer(token: string): FakeReply;
  check(req: RecordedRequest): Promise<void> | void;
  /** The header a vendor call carries, given the token. */
  header(token: string): [string, string];
  provided?: Record<string, string>;
  routes?(): void;
  /** The GET made with the new token (DocuSign's userinfo). */
  lookupRoute?: string;
  /** Secrets derived from the credentials that the scan looks for. */
  derived?: Array<[string, string]>;
}

const form = (req: RecordedRequest) => req.body as Record<string, string>;

const CASES: KindCase[] = [
  {
    name: "Zoom server-to-server OAuth (grant_type=account_credentials, HTTP Basic)",
    integration: 'zoom',
    method: 'server_to_server',
    credentials: { accountId: 'AbCdEfGhIjKlMnOpQrStUv', clientId: 'zoomClientId12345', clientSecret: 'zoom-client-secret-98765' },
    base: '/zoom/v2',
    tokenPath: '/zoom/oauth/token',
    tokenRoute: 'POST /zoom/oauth/token',
    answer: (t) => ({ body: { access_token: t, token_type: 'bearer', expires_in: 3599, scope: 'user:delete:user:admin', api_url: 'https://api.zoom.us' } }),
    check(req) {
      expect(req.headers.authorization).toBe(basic('zoomClientId12345', 'zoom-client-secret-98765'));
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(form(req)).toEqual({ grant_type: 'account_credentials', account_id: 'AbCdEfGhIjKlMnOpQrStUv' });
    },
    header: (t) => ['authorization', `Bearer ${t}`],
    derived: [['zoom basic', basic('zoomClientId12345', 'zoom-client-secret-98765').slice(6)]],
  },
  {
    name: 'Box JWT app (encrypted key, jti, kid, box_sub_type, client credentials in the form)',
    integration: 'box',
    method: 'jwt',
    credentials: { clientId: 'boxclientid0123456789', clientSecret: 'box-client-secret-0123', enterpriseId: '1234567', publicKeyId: 'pk1a2b3c', privateKey: ENCRYPTED_PEM, privateKeyPassphrase: PASSPHRASE },
    base: '/box/2.0',
    tokenPath: '/box/oauth2/token',
    tokenRoute: 'POST /box/oauth2/token',
    answer: (t) => ({ body: { access_token: t, expires_in: 3811, restricted_to: [], token_type: 'bearer' } }),
    async check(req) {
      const f = form(req);
      expect(Object.keys(f).sort()).toEqual(['assertion', 'client_id', 'client_secret', 'grant_type']);
      expect(f).toMatchObject({ grant_type: JWT_GRANT, client_id: 'boxclientid0123456789', client_secret: 'box-client-secret-0123' });
      const { payload, protectedHeader } = await jwtVerify(f.assertion!, keys.publicKey, { algorithms: ['RS256'] });
      expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'pk1a2b3c' });
      expect(payload).toMatchObject({ iss: 'boxclientid0123456789', sub: '1234567', box_sub_type: 'enterprise', aud: `${fake.url}/box/oauth2/token` });
      expect(payload.exp! - payload.iat!).toBe(60);
      expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    },
    header: (t) => ['authorization', `Bearer ${t}`],
  },
  {
    name: 'Box Client Credentials Grant (box_subject_type/box_subject_id)',
    integration: 'box',
    method: 'client_credentials',
    credentials: { clientId: 'boxccgclient01234567', clientSecret: 'box-ccg-secret-0123', enterpriseId: '7654321' },
    base: '/box/2.0',
    tokenPath: '/box/oauth2/token',
    tokenRoute: 'POST /box/oauth2/token',
    answer: (t) => ({ body: { access_token: t, expires_in: 3992, restricted_to: [], token_type: 'bearer' } }),
    check(req) {
      expect(form(req)).toEqual({ grant_type: 'client_credentials', client_id: 'boxccgclient01234567', client_secret: 'box-ccg-secret-0123', box_subject_type: 'enterprise', box_subject_id: '7654321' });
    },
    header: (t) => ['authorization', `Bearer ${t}`],
  },
  {
    name: "DocuSign JWT Grant, then the account's base URI from /oauth/userinfo",
    integration: 'docusign',
    method: 'jwt',
    credentials: { integrationKey: 'ds-integration-key-0001', userId: DS_USER, privateKey: PEM },
    context: { accountId: DS_ACCOUNT },
    base: '/ds/restapi/v2.1',
    tokenPath: '/ds/oauth/token',
    tokenRoute: 'POST /ds/oauth/token',
    answer: (t) => ({ body: { access_token: t, token_type: 'Bearer', expires_in: 3600 } }),
    async check(req) {
      const f = form(req);
      expect(Object.keys(f)).toEqual(['grant_type', 'assertion']);
      const { payload } = await jwtVerify(f.assertion!, keys.publicKey, { algorithms: ['RS256'] });
      expect(payload).toMatchObject({ iss: 'ds-integration-key-0001', sub: DS_USER, aud: new URL(fake.url).host, scope: 'signature impersonation' });
      expect(payload.exp! - payload.iat!).toBe(3600);
    },
    header: (t) => ['authorization', `Bearer ${t}`],
    provided: { host: 'na3.docusign.net' },
    lookupRoute: 'GET /ds/oauth/userinfo',
    routes() {
      fake.on('GET /ds/oauth/userinfo', (r) => ({
        status: issued.some((t) => r.headers.authorization === `Bearer ${t}`) ? 200 : 401,
        body: {
          sub: DS_USER,
          accounts: [
            { account_id: '00000000-1111-2222-3333-444444444444', is_default: true, account_name: 'Other', base_uri: 'https://na2.docusign.net' },
            { account_id: DS_ACCOUNT, is_default: false, account_name: 'Acme', base_uri: 'https://na3.docusign.net' },
          ],
        },
      }));
    },
  },
  {
    name: 'Salesforce OAuth 2.0 JWT bearer flow (instance_url → host)',
    integration: 'salesforce',
    method: 'jwt',
    credentials: { clientId: '3MVG9acmeConsumerKey0123', username: 'deleter@acme.example', privateKey: PEM },
    base: '/sf/services/data/v61.0',
    tokenPath: '/sf/services/oauth2/token',
    tokenRoute: 'POST /sf/services/oauth2/token',
    answer: (t) => ({ body: { access_token: t, scope: 'api', instance_url: 'https://acme.my.salesforce.com', id: 'https://login.salesforce.com/id/00Dx/005x', token_type: 'Bearer' } }),
    async check(req) {
      const f = form(req);
      expect(f.grant_type).toBe(JWT_GRANT);
      const { payload } = await jwtVerify(f.assertion!, keys.publicKey, { algorithms: ['RS256'] });
      expect(payload).toMatchObject({ iss: '3MVG9acmeConsumerKey0123', sub: 'deleter@acme.example', aud: `https://${new URL(fake.url).host}` });
      expect(payload.exp! - payload.iat!).toBe(180);
    },
    header: (t) => ['authorization', `Bearer ${t}`],
    provided: { host: 'acme.my.salesforce.com' },
  },
  {
    name: 'Tableau sign-in with a personal access token (X-Tableau-Auth, site id)',
    integration: 'tableau',
    method: 'personal_access_token',
    credentials: { tokenName: 'deleter-pat', tokenSecret: 'tableau-pat-secret-0123456', siteContentUrl: 'acme' },
    context: { host: '10ax.online.tableau.com' },
    base: '/tableau/api/3.24',
    tokenRoute: 'POST /tableau/api/3.24/auth/signin',
    answer: (t) => ({ body: { credentials: { site: { id: SITE_ID, contentUrl: 'acme' }, user: { id: '1a2b3c4d-0000-1111-2222-333344445555' }, token: t } } }),
    check(req) {
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.accept).toBe('application/json');
      expect(req.body).toEqual({ credentials: { personalAccessTokenName: 'deleter-pat', personalAccessTokenSecret: 'tableau-pat-secret-0123456', site: { contentUrl: 'acme' } } });
    },
    header: (t) => ['x-tableau-auth', t],
    provided: { siteId: SITE_ID },
  },
  {
    name: 'Looker API login (client_id/client_secret form, Authorization: token …)',
    integration: 'looker',
    method: 'api_key',
    credentials: { clientId: 'lookerClientId0123', clientSecret: 'looker-client-secret-0123' },
    context: { host: 'acme.cloud.looker.com' },
    base: '/looker/api/4.0',
    tokenRoute: 'POST /looker/api/4.0/login',
    answer: (t) => ({ body: { access_token: t, token_type: 'Bearer', expires_in: 3600 } }),
    check(req) {
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(req.rawBody).toBe('client_id=lookerClientId0123&client_secret=looker-client-secret-0123');
    },
    header: (t) => ['authorization', `token ${t}`],
  },
  {
    name: 'Jamf Pro bearer token from /api/v1/auth/token (HTTP Basic)',
    integration: 'jamf',
    method: 'user_token',
    credentials: { username: 'api-deleter', password: 'jamf-password-0123' },
    context: { host: 'acme.jamfcloud.com' },
    base: '/jamf',
    tokenRoute: 'POST /jamf/api/v1/auth/token',
    answer: (t) => ({ body: { token: t, expires: new Date(Date.now() + 20 * 60_000).toISOString() } }),
    check(req) {
      expect(req.headers.authorization).toBe(basic('api-deleter', 'jamf-password-0123'));
      expect(req.rawBody).toBe('');
    },
    header: (t) => ['authorization', `Bearer ${t}`],
    derived: [['jamf basic', basic('api-deleter', 'jamf-password-0123').slice(6)]],
  },
];

const transport = new Transport({ allowPrivateHosts: true });
const refresher = () => new TokenRefresher({ accounts: svc.app.accounts, transport, timeoutMs: 5_000 });

async function loadAccount(id: string): Promise<AccountWithCredentials> {
  const row = await svc.app.db.selectFrom('integrated_accounts').select('tenant_id').where('id', '=', id).executeTakeFirstOrThrow();
  const [account] = await svc.app.accounts.loadMany(row.tenant_id, [id]);
  return account!;
}

/** What the service does per call: the auth of the account (token acquired when due), then a vendor client. */
async function vendorCall(r: TokenRefresher, id: string, calls: VendorCall[] = []) {
  const account = await loadAccount(id);
  const entry = getEntry(account.integration)!;
  const { auth, context, onUnauthorized } = await r.clientAuth(account, entry);
  const http = new VendorHttp({
    transport,
    baseUrl: buildBaseUrl(entry, context, account.baseUrl),
    auth,
    onUnauthorized,
    timeoutMs: 5_000,
    retry: { maxAttempts: 1, maxWaitMs: 0, baseDelayMs: 1 },
    maxBodyBytes: 65_536,
    integration: entry.name,
    onCall: (c) => calls.push(c),
  });
  return { http, context };
}

describe.each(CASES)('$name', (c) => {
  const probe = `GET ${c.base}/probe`;
  const accepting = (accepted: () => readonly string[]) =>
    fake.on(probe, (r) => {
      const [name, value] = c.header('');
      const ok = accepted().some((t) => r.headers[name] === `${value}${t}`);
      return ok ? { body: { ok: true } } : { status: 401, body: { error: 'invalid_token' } };
    });
  async function account(): Promise<string> {
    for (const [label, v] of c.derived ?? []) svc.scan.add(label, v);
    return createAccount(svc, {
      integration: c.integration,
      credentials: { method: c.method, ...c.credentials },
      context: c.context ?? {},
      baseUrl: `${fake.url}${c.base}`,
      ...(c.tokenPath ? { tokenUrl: `${fake.url}${c.tokenPath}` } : {}),
    });
  }
  function routes(delayMs = 0): void {
    c.routes?.();
    tokenRoute(c.tokenRoute, () => c.answer(token(c.integration)), delayMs);
  }

  it('sends the documented token request, then calls with the token (and the values the answer provides)', async () => {
    const id = await account();
    routes();
    accepting(() => issued);
    const { http, context } = await vendorCall(refresher(), id);
    expect(await http.get(path`/probe`)).toEqual({ ok: true });
    const tokenReq = fake.requests.find((r) => `${r.method} ${r.path}` === c.tokenRoute)!;
    expect(tokenReq.headers.accept).toBe('application/json');
    await c.check(tokenReq);
    const [name, value] = c.header(issued.at(-1)!);
    expect(fake.requests.at(-1)!.headers[name]).toBe(value);
    expect(context).toMatchObject(c.provided ?? {});
    const stored = (await loadAccount(id)).credentials.fields;
    expect(stored.accessToken).toBe(issued.at(-1));
    if (c.provided) expect(JSON.parse(stored[PROVIDED_FIELD]!)).toEqual(c.provided);
  });

  it('reuses the stored token, renews it once it is due, and on a 401', async () => {
    const id = await account();
    routes();
    accepting(() => issued);
    const r = refresher();
    await (await vendorCall(r, id)).http.get(path`/probe`);
    await (await vendorCall(r, id)).http.get(path`/probe`);
    expect(tokenCalls).toBe(1);

    // Due: the stored token expires within the margin.
    const acc = await loadAccount(id);
    await svc.app.accounts.withLockedAccount(acc.tenantId, id, (cur, save) =>
      save({ method: cur!.credentials.method, fields: { ...cur!.credentials.fields, expiresAt: new Date(Date.now() + 10_000).toISOString() } }),
    );
    await (await vendorCall(r, id)).http.get(path`/probe`);
    expect(tokenCalls).toBe(2);

    // Revoked at the vendor: a 401 renews it and the call is made again.
    const accepted = issued.length;
    fake.reset();
    routes();
    accepting(() => issued.slice(accepted));
    expect(await (await vendorCall(r, id)).http.get(path`/probe`)).toEqual({ ok: true });
    expect(fake.calls()).toEqual([probe, c.tokenRoute, ...(c.lookupRoute ? [c.lookupRoute] : []), probe]);
    expect(tokenCalls).toBe(3);
  });

  it('50 concurrent calls on an account without a token make one token request', async () => {
    const id = await account();
    routes(100);
    accepting(() => issued);
    const r = refresher();
    const done = await Promise.all(Array.from({ length: 50 }, async () => (await vendorCall(r, id)).http.get(path`/probe`)));
    expect(done).toHaveLength(50);
    expect(tokenCalls).toBe(1);
  });

  it('a refused token request marks the account needs_reauth and fails with REAUTH_REQUIRED', async () => {
    const id = await account();
    c.routes?.();
    tokenRoute(c.tokenRoute, () => ({ status: 401, body: { error: 'invalid_client' } }));
    await expect(vendorCall(refresher(), id)).rejects.toMatchObject({ code: 'REAUTH_REQUIRED', message: expect.stringMatching(/invalid_client/) });
    expect(await accountStatus(id)).toBe('needs_reauth');
    await expect(vendorCall(refresher(), id)).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(tokenCalls).toBe(1);
  });
});

describe('credentials in the request body (LastPass cid/provhash)', () => {
  const entry = () => getEntry('lastpass')!;
  const creds = { method: 'provisioning_hash', companyId: '8771312', provisioningHash: 'lp-provhash-0123456789abcdef' };
  const client = (dryRun: boolean, calls: VendorCall[]) =>
    new VendorHttp({
      transport,
      baseUrl: new URL(`${fake.url}/lastpass/enterpriseapi.php`),
      auth: resolveAuth(entry(), validateCredentials(entry(), creds)),
      timeoutMs: 5_000,
      retry: { maxAttempts: 1, maxWaitMs: 0, baseDelayMs: 1 },
      maxBodyBytes: 65_536,
      integration: 'LastPass',
      dryRun,
      onCall: (c) => calls.push(c),
    });

  it('merges cid and provhash into every JSON body; dry-run plans and vendor answers show them redacted', async () => {
    const calls: VendorCall[] = [];
    let failing = false;
    fake.on('POST /lastpass/enterpriseapi.php', (r) => (failing ? { status: 500, body: { error: `bad request ${r.rawBody}` } } : { body: { status: 'OK' } }));
    const answer = await client(false, calls).post<{ status: string }>(path``, { json: { cmd: 'deluser', data: { username: 'liz@example.com', deleteaction: 2 } } });
    expect(answer.status).toBe('OK');
    expect(fake.requests[0]!.body).toEqual({ cmd: 'deluser', data: { username: 'liz@example.com', deleteaction: 2 }, cid: '8771312', provhash: 'lp-provhash-0123456789abcdef' });
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();

    // A provider cannot override them.
    await client(false, calls).post(path``, { json: { cmd: 'getuserdata', provhash: 'other' } });
    expect(fake.requests[1]!.body).toMatchObject({ cmd: 'getuserdata', cid: '8771312', provhash: 'lp-provhash-0123456789abcdef' });

    const planned: VendorCall[] = [];
    await client(true, planned).post(path``, { json: { cmd: 'deluser', data: { username: 'liz@example.com', deleteaction: 2 } } });
    expect(fake.requests).toHaveLength(2);
    expect(planned[0]!.body).toEqual({ cmd: 'deluser', data: { username: 'liz@example.com', deleteaction: 2 }, cid: '[REDACTED]', provhash: '[REDACTED]' });

    failing = true;
    const failed = (await client(false, calls)
      .post(path``, { json: { cmd: 'deluser' } })
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as { details: { remote: unknown } };
    const text = JSON.stringify(failed.details.remote);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain('lp-provhash-0123456789abcdef');
    expect(text).not.toContain('8771312');
    expect(JSON.stringify(calls)).not.toContain('lp-provhash');
  });

  it('integrations shows the two body fields as required credentials', async () => {
    const res = await svc.gql(`{ integration(slug: "lastpass") { authMethods { name kind docsUrl credentialFields { name required } } } }`);
    expect(res.body.data.integration.authMethods).toEqual([
      {
        name: 'provisioning_hash',
        kind: 'body',
        docsUrl: 'https://support.lastpass.com/help/where-can-i-find-the-cid-and-api-secret',
        credentialFields: [
          { name: 'companyId', required: true },
          { name: 'provisioningHash', required: true },
        ],
      },
    ]);
  });
});

describe('the declarations of the new kinds', () => {
  it('name only credential fields in templates, only optional context fields in what answers provide, and link the vendor docs', () => {
    for (const { entry } of allIntegrations) {
      for (const [name, method] of Object.entries(entry.auth)) {
        const where = `${entry.slug}.${name}`;
        const s = method.scheme;
        if (s.kind !== 'jwt_bearer' && s.kind !== 'session' && s.kind !== 'body' && !(s.kind === 'oauth2' && s.form)) continue;
        expect(method.docs, where).toMatch(/^https:\/\//);
        const { required, optional } = credentialFields(method);
        const known = new Set([...required, ...optional, 'tokenUrl', 'tokenHost']);
        const templates =
          s.kind === 'jwt_bearer'
            ? [...Object.values(s.claims), ...Object.values(s.form ?? {}), s.keyId ?? '']
            : s.kind === 'session'
              ? [...templateLeaves(s.signIn.json), ...Object.values(s.signIn.form ?? {}), s.signIn.basic?.username ?? '', s.signIn.basic?.password ?? '']
              : s.kind === 'body'
                ? Object.values(s.fields)
                : Object.values(s.form ?? {});
        for (const t of templates) for (const p of placeholders(t)) expect(known.has(p), `${where}: {${p}}`).toBe(true);
        const provides = { ...(s.kind === 'jwt_bearer' || s.kind === 'session' ? s.provides : {}), ...(s.kind === 'jwt_bearer' ? s.lookup?.provides : {}) };
        for (const [field, vp] of Object.entries(provides ?? {})) {
          const declared = entry.context[field];
          expect(declared, `${where} provides ${field}`).toBeDefined();
          expect(declared!.optional, `${where}: context.${field} is provided, so optional`).toBe(true);
          for (const p of placeholders(vp.path)) expect(entry.context, `${where}: {${p}} in ${vp.path}`).toHaveProperty(p);
        }
      }
    }
  });
});
