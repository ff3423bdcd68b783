import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { AppError } from '../../errors.js';
import { googleErrorCode, googleWorkspace as gw, OWNER_LOOKUPS, type GoogleUser } from './index.js';

const user = fixture<GoogleUser>('google-workspace', 'user.json');
const ID = '115834185437629468913';
const TOKEN = 'ya29.a0AfB_byC-google-access-token-value';
const credentials = { method: 'oauth', accessToken: TOKEN };
const USERS = '/admin/directory/v1/users';

const vendor = useFakeVendor();
const run = (id = ID, extra: Partial<Parameters<typeof runDeletion>[1]> = {}) => runDeletion(gw, { baseUrl: vendor.baseUrl, credentials, id, ...extra });

/** The mapping of user.json, computed by hand. */
const expected: UnifiedUser = {
  id: ID,
  identifiers: { customerId: 'C03az79cb', orgUnitPath: '/corp/engineering' },
  firstName: 'Liz',
  lastName: 'Smith',
  name: 'Liz Smith',
  username: 'liz@example.com',
  title: 'SWE',
  emails: [
    { email: 'liz@example.com', type: 'primary', isPrimary: true },
    { email: 'liz.smith@example.org', type: 'work', isPrimary: false },
    { email: 'lizsmith@example.com', type: 'alias', isPrimary: false },
    { email: 'lsmith@example.com', type: 'alias', isPrimary: false },
    { email: 'liz@example.test-google-a.com', type: 'alias', isPrimary: false },
  ],
  phones: [
    { number: '+1 650 555 0199', type: 'work' },
    { number: '+1 650 555 0123', type: 'desk' },
  ],
  status: 'ACTIVE',
  rawStatus: 'active',
  is2faEnabled: true,
  roles: [{ id: 'delegated_admin', name: 'Delegated Admin' }],
  avatar: user.thumbnailPhotoUrl as string,
  languages: ['en-GB'],
  urls: [{ url: 'https://sites.example.com/liz', type: 'work' }],
  createdAt: new Date('2010-04-05T17:30:04.000Z'),
  lastLoginAt: new Date('2013-02-05T10:30:03.000Z'),
};

describe('google-workspace', () => {
  it('reads the user by primary email, then deletes it by its unique id with the OAuth bearer token', async () => {
    vendor.fake.on(`GET ${USERS}/liz%40example.com`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 204 });
    const out = await run('liz@example.com');

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/liz%40example.com`, `DELETE ${USERS}/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    // The snapshot as read; the returned user as the deletion leaves it (users.delete returns no body).
    expect(out.before).toEqual(expected);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null });
    expect(unfilledMappedFields(gw, out.before)).toEqual([]);
  });

  it('every request conforms to the Admin SDK Directory OpenAPI description', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 200, text: '' });
    await run(ID, { remoteQuery: { quotaUser: 'offboarding' } });
    const spec = loadSpec('google-admin-directory.yaml');
    expect(vendor.fake.requests).toHaveLength(2);
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    expect(vendor.fake.calls()[1]).toBe(`DELETE ${USERS}/${ID}?quotaUser=offboarding`);
    // the checker itself rejects what the description lacks
    const del = vendor.fake.requests[1]!;
    expect(checkRequest(spec, { ...del, path: `${USERS}/${ID}/purge` })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, query: { permanent: 'true' } })).not.toEqual([]);
    expect(checkRequest(spec, { ...del, rawBody: '{"x":1}' })).not.toEqual([]);
  });

  it('maps a Google 404 to NOT_FOUND with the Google error, and never deletes', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 404, body: fixture('google-workspace', 'error-404.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { error: { code: 404, errors: [{ reason: 'notFound' }] } } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`]);
  });

  it("backs off and retries Google's 403 quota errors (userRateLimitExceeded, quotaExceeded) like a 429, as the limits page asks", async () => {
    const limited = fixture('google-workspace', 'error-403-rate-limit.json');
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 403, body: limited }, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 204 });
    const out = await run();
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);
    expect(out.outcome).toBe('DELETED');

    vendor.fake.reset();
    const concurrent = { error: { code: 403, message: 'Quota exceeded', errors: [{ domain: 'usageLimits', reason: 'quotaExceeded', message: 'Quota exceeded' }] } };
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 403, body: concurrent }, { status: 204 });
    expect((await run()).outcome).toBe('DELETED');
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);
  });

  it('retries the 429 rateLimitExceeded (status RESOURCE_EXHAUSTED) without a Retry-After', async () => {
    const body = { error: { code: 429, message: 'Rate Limit Exceeded', status: 'RESOURCE_EXHAUSTED', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }] } };
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 429, body }, { status: 204 });
    expect((await run()).outcome).toBe('DELETED');
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);
  });

  it('reports RATE_LIMITED once the retries are spent (or Retry-After is too long), and a permission 403 as FORBIDDEN without retrying', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 403, body: fixture('google-workspace', 'error-403-rate-limit.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { remote: { status: 403, error: 'userRateLimitExceeded', body: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `GET ${USERS}/${ID}`, `GET ${USERS}/${ID}`]);

    vendor.fake.reset();
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 403, headers: { 'retry-after': '7' }, body: fixture('google-workspace', 'error-403-rate-limit.json') });
    await expect(run()).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 7 } });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`]);

    vendor.fake.reset();
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`DELETE ${USERS}/${ID}`, { status: 403, body: fixture('google-workspace', 'error-403-forbidden.json') });
    await expect(run()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { remote: { status: 403, body: { error: { message: 'Not Authorized to access this resource/api' } } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);

    // dailyLimitExceeded: the older limits page says "Do not retry without fixing the problem".
    vendor.fake.reset();
    const daily = { error: { code: 403, message: 'Daily Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'dailyLimitExceeded', message: 'Daily Limit Exceeded' }] } };
    vendor.fake.on(`GET ${USERS}/${ID}`, { status: 403, body: daily });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`]);
  });

  it('reads the error code from error.errors[].reason (a quota reason first), else error.status', () => {
    expect(googleErrorCode({ error: { errors: [{ reason: 'forbidden' }, { reason: 'userRateLimitExceeded' }] } })).toBe('userRateLimitExceeded');
    expect(googleErrorCode({ error: { errors: [{ reason: 'notFound' }] } })).toBe('notFound');
    expect(googleErrorCode({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } })).toBe('RESOURCE_EXHAUSTED');
    expect(googleErrorCode('<html>')).toBeUndefined();
    expect(googleErrorCode(undefined)).toBeUndefined();
  });

  it('retries a 429 after Retry-After', async () => {
    vendor.fake
      .on(`GET ${USERS}/${ID}`, { body: user })
      .on(`DELETE ${USERS}/${ID}`, { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 429 } } }, { status: 204 });
    const out = await run();
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`, `DELETE ${USERS}/${ID}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('maps suspended, archived and never-logged-in users', () => {
    const args = { id: ID, params: {} };
    expect(gw.toUser({ ...user, suspended: true, suspensionReason: 'ADMIN' }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'suspended' });
    expect(gw.toUser({ ...user, archived: true }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'archived' });
    expect(gw.toUser({ ...user, isAdmin: true, isDelegatedAdmin: false }, args).roles).toEqual([{ id: 'super_admin', name: 'Super Admin' }]);
    expect(gw.toUser({ ...user, lastLoginTime: '1970-01-01T00:00:00.000Z' }, args).lastLoginAt).toBeUndefined();
  });

  it('refuses user keys that are neither an email nor a numeric id, without calling Google', async () => {
    for (const id of ['my_customer', 'liz', '12a', 'a/b@example.com']) {
      await expect(run(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('declares the documented OAuth 2.0 token endpoint and scope, and takes no context', async () => {
    expect(gw.auth.oauth!.scheme).toEqual({
      kind: 'oauth2',
      grant: 'authorization_code',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
    });
    expect(gw.baseUrl).toBe('https://admin.googleapis.com');
    await expect(run(ID, { context: { domain: 'example.com' } })).rejects.toThrow(/context\.domain is not a context field/);
    await expect(run(ID, { credentials: { method: 'oauth' } })).rejects.toThrow(/accessToken is required/);
    expect(vendor.fake.requests).toHaveLength(0);
  });
  it('declares deletion as restorable for 20 days, and `me` as a self-alias refused before any call', async () => {
    expect(gw.semantics).toMatchObject({ permanent: false, restoreWindowDays: 20, docs: 'https://support.google.com/a/answer/1397578' });
    expect(gw.selfAliases).toEqual(['me']);
    for (const id of ['me', 'Me']) await expect(run(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/own administrator/) });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it("refuses to delete the token's administrator, found by users.get on `me`, whether named by id, primary email or alias", async () => {
    const admin: GoogleUser = { ...user, id: '107926455473828112345', primaryEmail: 'admin@example.com', aliases: ['it@example.com'], nonEditableAliases: ['admin@example.test-google-a.com'], emails: [] };
    for (const key of [admin.id, 'admin@example.com', 'IT@example.com', 'admin@example.test-google-a.com']) {
      vendor.fake.reset();
      vendor.fake.on(`GET ${USERS}/${encodeURIComponent(key)}`, { body: admin }).on(`GET ${USERS}/me`, { body: admin });
      await expect(run(key, { checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      expect(vendor.fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(vendor.fake.unexpected).toEqual([]);
    }
  });

  it("deletes someone else, comparing only the administrator's Google-unique addresses (not a shared secondary email)", async () => {
    // The administrator lists the target's work address among its `emails[]` (any address can be there): no match.
    const admin: GoogleUser = { ...user, id: '107926455473828112345', primaryEmail: 'admin@example.com', aliases: [], nonEditableAliases: [], emails: [{ address: 'liz.smith@example.org', type: 'work' }] };
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`GET ${USERS}/me`, { body: admin }).on(`DELETE ${USERS}/${ID}`, { status: 204 });
    const out = await run(ID, { checkOwner: true });
    expect(out.outcome).toBe('DELETED');
    expect(vendor.fake.calls()).toEqual([`GET ${USERS}/${ID}`, `GET ${USERS}/me`, `DELETE ${USERS}/${ID}`]);
  });

  it('fails closed when the owner cannot be read: no DELETE', async () => {
    vendor.fake.on(`GET ${USERS}/${ID}`, { body: user }).on(`GET ${USERS}/me`, { status: 404, body: fixture('google-workspace', 'error-404.json') });
    await expect(run(ID, { checkOwner: true })).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: expect.stringMatching(/self-deletion guard/) });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('has a token-owner lookup for every auth method it declares, and refuses a method without one', async () => {
    expect(Object.keys(gw.auth).filter((m) => !(m in OWNER_LOOKUPS))).toEqual([]);
    const lookup = gw.tokenOwner;
    if (!('lookup' in lookup)) throw new Error('Google Workspace names the token owner');
    const err = await lookup.lookup({ http: undefined as never, context: {}, method: 'some_future_method' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('takes the administrator a service account impersonates (its subject) as the token owner, with no call', async () => {
    const lookup = gw.tokenOwner;
    if (!('lookup' in lookup)) throw new Error('Google Workspace names the token owner');
    await expect(lookup.lookup({ http: undefined as never, context: {}, method: 'service_account', subject: 'admin@acme.example' })).resolves.toEqual({ ids: ['admin@acme.example'] });
    await expect(lookup.lookup({ http: undefined as never, context: {}, method: 'service_account' })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
  });
});
