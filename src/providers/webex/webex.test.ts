import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { webex, type WebexPerson } from './index.js';

const person = fixture<WebexPerson>('webex', 'person.json');
const ID = 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY';
const ORG = 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE';
const PERSON_PATH = `/v1/people/${ID}`;
const TOKEN = 'NmE2YjVjMWEtwebex-integration-access-token_P0A1';
const credentials = { method: 'oauth', accessToken: TOKEN, refreshToken: 'webex-refresh-token-value' };

const vendor = useFakeVendor('/v1');

/** The mapping of person.json, computed by hand from the fixture. */
const expected: UnifiedUser = {
  id: ID,
  firstName: 'John',
  lastName: 'Andersen',
  name: 'John Andersen',
  title: 'GM',
  emails: [{ email: 'john.andersen@example.com', isPrimary: true }],
  phones: [{ number: '+1 408 526 7209', type: 'work' }],
  status: 'ACTIVE',
  rawStatus: 'loginEnabled',
  userType: 'person',
  roles: [
    { id: 'Y2lzY29zcGFyazovL3VzL1JPTEUvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh' },
    { id: 'Y2lzY29zcGFyazovL3VzL1JPTEUvOTZhYmMyYWEtM2RjYy0xMWU1LWIyNjMtMGY0NTkyYWRlZmFi' },
  ],
  licenses: [
    { id: 'Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh', organizationId: ORG },
    { id: 'Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWIyNjMtMGY0NTkyYWRlZmFi', organizationId: ORG },
  ],
  organizations: [{ id: ORG }],
  avatar: 'https://1efa7a94ed21783e352-c62266528714497a17239ececf39e9e2.ssl.cf1.rackcdn.com/V1~54c844c89e678e5a7b16a306bc2897b9~wx29yGtlTpilEFlYzqPKag==~1600',
  timezone: 'America/Denver',
  createdAt: new Date('2015-10-18T14:26:16.000Z'),
  updatedAt: new Date('2015-10-18T14:26:16.000Z'),
  lastActiveAt: new Date('2015-10-18T14:26:16.028Z'),
};

describe('webex', () => {
  it('reads the person, then deletes it (204) with the integration access token as Bearer; the user is mapped by hand', async () => {
    vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 204 });

    const out = await runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, `DELETE ${PERSON_PATH}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(webex, out.before)).toEqual([]);
    // The person as Webex holds them after the 204: deleted, licenses released.
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null, licenses: [] });
    expect(out.response).toEqual({ status: 204, contentType: undefined, text: '' });
  });

  it('calls https://webexapis.com/v1, takes no context, and declares the OAuth token URL and admin people scopes', () => {
    expect(buildBaseUrl(webex, validateContext(webex, {})).href).toBe('https://webexapis.com/v1');
    expect(() => validateContext(webex, { region: 'us' })).toThrow(/context.region is not a context field of Webex/);
    expect(webex.auth.oauth!.scheme).toEqual({
      kind: 'oauth2',
      grant: 'authorization_code',
      tokenUrl: 'https://webexapis.com/v1/access_token',
      scopes: ['spark-admin:people_read', 'spark-admin:people_write'],
    });
    expect(webex.params).toEqual({});
  });

  it('accepts a plain admin or service-app access token; an OAuth account without an access token is refused before any call', async () => {
    vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 204 });
    await expect(runDeletion(webex, { baseUrl: vendor.baseUrl, credentials: { method: 'oauth', refreshToken: 'only-a-refresh-token' }, id: ID })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(vendor.fake.requests).toHaveLength(0);
    await runDeletion(webex, { baseUrl: vendor.baseUrl, credentials: { method: 'access_token', accessToken: 'service-app-token-123' }, id: ID, remoteQuery: { trace: 'yes' } });
    expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, `DELETE ${PERSON_PATH}?trace=yes`]);
    expect(vendor.fake.requests.map((r) => r.headers.authorization)).toEqual(['Bearer service-app-token-123', 'Bearer service-app-token-123']);
  });

  it('maps a Webex 404 to NOT_FOUND with its error body and never deletes', async () => {
    vendor.fake.on(`GET ${PERSON_PATH}`, { status: 404, body: fixture('webex', 'error-404.json') });
    await expect(runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Webex', remote: { status: 404, body: { message: 'The requested resource could not be found.', trackingId: 'ROUTER_6523F1A4-7C43-01BB-00A1-0A9A2F1D00A1' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`]);
  });

  it('a refused DELETE (e.g. a directory-synchronized organization) is REMOTE_ERROR, never success', async () => {
    const refusal = { message: 'User is managed by directory synchronization.', errors: [{ description: 'User is managed by directory synchronization.' }], trackingId: 'ROUTER_X' };
    vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 400, body: refusal });
    await expect(runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'REMOTE_ERROR', details: { remote: { status: 400, body: refusal } } });
  });

  it('waits for Retry-After on a 429 and retries', async () => {
    vendor.fake
      .on(`GET ${PERSON_PATH}`, { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests' } }, { body: person })
      .on(`DELETE ${PERSON_PATH}`, { status: 429, headers: { 'retry-after': '0' } }, { status: 204 });
    const out = await runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, `GET ${PERSON_PATH}`, `DELETE ${PERSON_PATH}`, `DELETE ${PERSON_PATH}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('refuses the id "me" (the caller itself) before any call', async () => {
    for (const id of ['me', 'ME', ' me ']) {
      await expect(runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('takes the account state from invitePending / loginEnabled (booleans or the documented strings), not from presence', () => {
    const args = { id: ID, params: {} };
    expect(webex.toUser({ ...person, invitePending: 'true', loginEnabled: 'false', status: 'pending' }, args)).toMatchObject({ status: 'INVITED', rawStatus: 'invitePending' });
    expect(webex.toUser({ ...person, invitePending: false, loginEnabled: false, status: 'active' }, args)).toMatchObject({ status: 'INACTIVE', rawStatus: 'loginDisabled' });
    expect(webex.toUser({ ...person, invitePending: 'false', loginEnabled: 'true', status: 'inactive' }, args)).toMatchObject({ status: 'ACTIVE', rawStatus: 'loginEnabled' });
    const { invitePending: _i, loginEnabled: _l, ...noAdminFields } = person;
    const mapped = webex.toUser(noAdminFields, args);
    expect(mapped.status).toBeUndefined();
    expect(mapped.rawStatus).toBeUndefined();
  });
  it('waits out a 423 Locked with Retry-After like a 429, on the read and on the DELETE', async () => {
    const locked = { status: 423, headers: { 'retry-after': '0' }, body: { message: 'The requested resource is temporarily unavailable.', trackingId: 'ROUTER_423' } };
    vendor.fake.on(`GET ${PERSON_PATH}`, locked, { body: person }).on(`DELETE ${PERSON_PATH}`, locked, { status: 204 });
    const out = await runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(out.outcome).toBe('DELETED');
    expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, `GET ${PERSON_PATH}`, `DELETE ${PERSON_PATH}`, `DELETE ${PERSON_PATH}`]);
  });

  it('a 423 that stays locked ends as RATE_LIMITED with the wait Webex asked for, never as success', async () => {
    vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 423, headers: { 'retry-after': '120' }, body: { message: 'Locked' } });
    await expect(runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 120 } });
    expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, `DELETE ${PERSON_PATH}`]);
  });

  describe('self-deletion guard (GET /v1/people/me)', () => {
    const admin = { ...person, id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hZG1pbg', emails: ['admin@example.com'] };
    const run = (id = ID) => runDeletion(webex, { baseUrl: vendor.baseUrl, credentials, id, checkOwner: true });

    it('deletes someone else', async () => {
      vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 204 }).on('GET /v1/people/me', { body: admin });
      await run();
      expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, 'GET /v1/people/me', `DELETE ${PERSON_PATH}`]);
    });

    it('refuses to delete the person the token belongs to, and never sends the DELETE', async () => {
      vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 204 }).on('GET /v1/people/me', { body: person });
      await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
      expect(vendor.fake.calls()).toEqual([`GET ${PERSON_PATH}`, 'GET /v1/people/me']);
    });

    it('a failed /people/me stops the deletion', async () => {
      vendor.fake.on(`GET ${PERSON_PATH}`, { body: person }).on(`DELETE ${PERSON_PATH}`, { status: 204 }).on('GET /v1/people/me', { status: 403, body: { message: 'Forbidden' } });
      await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(vendor.fake.calls()).not.toContain(`DELETE ${PERSON_PATH}`);
    });

    it('declares "me" as its alias and the deletion as permanent', () => {
      expect(webex.selfAliases).toEqual(['me']);
      expect(webex.semantics.permanent).toBe(true);
    });
  });
});
