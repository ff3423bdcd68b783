import { describe, expect, it } from 'vitest';
import type { FakeVendor, RecordedRequest } from '../../../test/helpers/fake-vendor.js';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { miroScim } from './index.js';

const user = fixture<ScimUser>('miro-scim', 'user.json');
const error404 = fixture('miro-scim', 'error-404.json');
const error409 = fixture('miro-scim', 'error-409.json');
const ID = '3074457365265951581';
const TOKEN = 'eyJtaXJvIjoic2NpbS10b2tlbi0wMTIzNDU2Nzg5In0';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const BASE = '/api/v1/scim';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

const vendor = useFakeVendor(BASE);

/** The mapping of user.json, by hand: displayName is Miro's full name, userType its license. */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '00u1a2b3c4d5e6f7g8h9',
  firstName: 'John',
  lastName: 'Doe',
  name: 'John Doe',
  username: 'user@miro.com',
  emails: [{ email: 'user@miro.com', type: 'work', isPrimary: true }],
  phones: [{ number: '+1 555 0100', type: 'work' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [
    { id: 'ORGANIZATION_INTERNAL_USER', name: 'Member' },
    { id: 'Content Admin', name: 'Content Admin' },
  ],
  groups: [{ id: '3074457365266112911', name: 'Product' }],
  userType: 'Full',
  licenses: [{ id: null, name: 'Full' }],
  avatar: 'https://example.com/path_to_image.jpg',
  languages: ['en_US'],
  createdAt: new Date('2023-03-14T09:26:53Z'),
  updatedAt: new Date('2024-11-02T16:40:07Z'),
};

function routes(): FakeVendor {
  return vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
}

/** Every Miro SCIM request: bearer SCIM token, SCIM JSON accepted, no body, no query. */
function expectMiroRequests(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.accept).toBe('application/scim+json, application/json');
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.rawBody).toBe('');
    expect(r.search).toBe('');
  }
}

describe('miro scim', () => {
  it('declares the documented base URL, bearer auth and a real delete', () => {
    expect(miroScim.baseUrl).toBe('https://miro.com/api/v1/scim');
    expect(miroScim.auth.scim_token?.scheme).toEqual({ kind: 'bearer', tokenField: 'scimToken' });
    expect(miroScim.outcome).toBe('DELETED');
    expect(miroScim.params).toEqual({});
  });

  it('reads the user, then DELETEs it (204): the user is deleted from the organization', async () => {
    routes();
    const out = await runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID });

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expectMiroRequests(vendor.fake.requests);
    expect(out.outcome).toBe('DELETED');
    expect(out.response).toMatchObject({ status: 204, text: '' });
    expect(out.raw).toEqual(user);
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toEqual({ ...expectedUser, status: 'DELETED', rawStatus: null });
    expect(unfilledMappedFields(miroScim, out.before)).toEqual([]);
  });

  it('falls back to name.formatted, then given + family name, when displayName is absent', async () => {
    const { displayName: _d, ...noDisplay } = user;
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: noDisplay }).on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    expect((await runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).user.name).toBe('Mr. John Doe');
    vendor.fake.reset();
    vendor.fake
      .on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: { ...noDisplay, name: { givenName: 'John', familyName: 'Doe' } } })
      .on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    expect((await runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).user.name).toBe('John Doe');
  });

  it('maps a SCIM 404 on the read (not a member, or a guest) to NOT_FOUND and never deletes', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { integration: 'Miro SCIM', remote: { status: 404, body: error404 } },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`]);
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('reports the last-admin refusal (409) as FAILED_PRECONDITION with the SCIM error body', async () => {
    vendor.fake
      .on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user })
      .on(`DELETE ${BASE}/Users/${ID}`, { status: 409, headers: SCIM_JSON, body: error409 });
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      details: {
        remote: {
          status: 409,
          body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', detail: 'The last admin of the organization cannot be deleted' },
        },
      },
    });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
  });

  it('declares a permanent deletion, refuses Me before any call, and has no owner lookup', async () => {
    expect(miroScim.semantics).toMatchObject({ permanent: true, docs: 'https://developers.miro.com/reference/deleteuser' });
    expect('unavailable' in miroScim.tokenOwner).toBe(true);
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: 'ME' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
  });

  it('maps 401 to REAUTH_REQUIRED and 403 to FORBIDDEN, without echoing the token', async () => {
    vendor.fake.on(`GET ${BASE}/Users/${ID}`, { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: `bad token ${TOKEN}` } });
    const err = await runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(JSON.stringify(err)).not.toContain(TOKEN);
    vendor.fake.reset();
    vendor.fake
      .on(`GET ${BASE}/Users/${ID}`, { headers: SCIM_JSON, body: user })
      .on(`DELETE ${BASE}/Users/${ID}`, { status: 403, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'Forbidden' } });
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { remote: { status: 403 } } });
  });

  it('honours Retry-After on a 429 and retries the same call', async () => {
    vendor.fake
      .on(`GET ${BASE}/Users/${ID}`, { status: 429, headers: { 'retry-after': '0' } }, { headers: SCIM_JSON, body: user })
      .on(`DELETE ${BASE}/Users/${ID}`, { status: 204 });
    const out = await runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}`]);
    expect(out.outcome).toBe('DELETED');
  });

  it('passes remote_query on the DELETE only and keeps the id one encoded path segment', async () => {
    vendor.fake.on(`GET ${BASE}/Users/a%2F..%2FGroups`, { status: 404, headers: SCIM_JSON, body: error404 });
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: 'a/../Groups' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/a%2F..%2FGroups`]);
    vendor.fake.reset();
    routes();
    await runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { reason: 'offboarding' } });
    expect(vendor.fake.calls()).toEqual([`GET ${BASE}/Users/${ID}`, `DELETE ${BASE}/Users/${ID}?reason=offboarding`]);
  });

  it('has no context: any context key is refused, and the token is required', async () => {
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials, context: { host: 'evil.example.com' }, id: ID })).rejects.toThrow(
      /context\.host is not a context field of Miro SCIM/,
    );
    await expect(runDeletion(miroScim, { baseUrl: vendor.baseUrl, credentials: { method: 'scim_token' }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
  });
});
