import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { zoom, type ZoomUser } from './index.js';

const user = fixture<ZoomUser>('zoom', 'user.json');
const ID = 'KDcuGIm1QgePTO8WbOqwIQ';
const ACCOUNT = 'q6gBJVO5TzexKYTb_I2rpg';
const USER_PATH = `/v2/users/${ID}`;
const TOKEN = 'zoom-s2s-access-token-value';
const credentials = { method: 'server_to_server', accountId: ACCOUNT, clientId: 'zoom-client-id', clientSecret: 'zoom-client-secret', accessToken: TOKEN };

const vendor = useFakeVendor('/v2');

/** The mapping of user.json, computed by hand. */
const expected: UnifiedUser = {
  id: ID,
  firstName: 'Jill',
  lastName: 'Chill',
  name: 'Jill Chill',
  emails: [{ email: 'jchill@example.com', isPrimary: true }],
  phones: [{ number: '+1 800000000', type: 'Mobile' }],
  status: 'ACTIVE',
  rawStatus: 'active',
  isEmailVerified: true,
  title: 'API Developer',
  userType: 'Licensed',
  roles: [{ id: '2', name: 'Member', organization: ACCOUNT }],
  organizations: [{ id: ACCOUNT }],
  groups: [{ id: 'RSMaSp8sTEGK0_oamiA2_w', organizationId: ACCOUNT }],
  avatar: 'https://example.zoom.us/p/KDcuGIm1QgePTO8WbOqwIQ/avatar.jpg',
  timezone: 'Asia/Shanghai',
  languages: ['en-US'],
  createdAt: new Date('2019-06-01T07:58:03Z'),
  lastLoginAt: new Date('2019-06-01T07:58:03Z'),
};

describe('zoom', () => {
  it('reads the user, then disassociates it from the account (the documented default), with the S2S token as Bearer', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user }).on(`DELETE ${USER_PATH}`, { status: 204 });
    const out = await runDeletion(zoom, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`, `DELETE ${USER_PATH}?action=disassociate`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(zoom, out.before)).toEqual([]);
    expect(out.user).toMatchObject({ id: ID, organizations: [], roles: [], groups: [] });
  });

  it('deletes permanently only when remote_query asks action=delete, with Zoom\'s id for an email address and the transfer options passed on', async () => {
    vendor.fake.on('GET /v2/users/jchill%40example.com', { body: user }).on(`DELETE ${USER_PATH}`, { status: 204 });
    const out = await runDeletion(zoom, {
      baseUrl: vendor.baseUrl,
      credentials,
      id: 'jchill@example.com',
      remoteQuery: { action: 'delete', transfer_email: 'manager@example.com', transfer_recording: 'true' },
    });
    const del = vendor.fake.requests[1]!;
    expect(del.method).toBe('DELETE');
    expect(del.path).toBe(USER_PATH);
    expect(del.query).toEqual({ action: 'delete', transfer_email: 'manager@example.com', transfer_recording: 'true' });
    expect(out.outcome).toBe('DELETED');
    expect(out.user.status).toBe('DELETED');
  });

  it('refuses an unknown action before any write', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { body: user });
    await expect(runDeletion(zoom, { baseUrl: vendor.baseUrl, credentials, id: ID, remoteQuery: { action: 'purge' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('turns code 300 (data to transfer first) into a PRECONDITION error', async () => {
    vendor.fake
      .on(`GET ${USER_PATH}`, { body: user })
      .on(`DELETE ${USER_PATH}`, { status: 400, body: { code: 300, message: 'This user has published events in Zoom Events and you have not specified the user to whom data should be transferred.' } });
    await expect(runDeletion(zoom, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('maps 404 code 1001 to NOT_FOUND and never deletes', async () => {
    vendor.fake.on(`GET ${USER_PATH}`, { status: 404, body: fixture('zoom', 'error-404.json') });
    await expect(runDeletion(zoom, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${USER_PATH}`]);
  });

  it('refuses `me` before any call', async () => {
    await expect(runDeletion(zoom, { baseUrl: vendor.baseUrl, credentials, id: 'Me' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('finds users by email through GET /users/{email}: an exact match, or none on 1001', async () => {
    const { http, context } = vendorClient(zoom, { baseUrl: vendor.baseUrl, credentials });
    vendor.fake.on('GET /v2/users/JChill%40example.com', { body: user }).on('GET /v2/users/nobody%40example.com', { status: 404, body: { code: 1001, message: 'User does not exist: nobody@example.com.' } });
    expect((await zoom.findUsers!({ http, email: 'JChill@example.com', params: {}, context })).map((u) => u.id)).toEqual([ID]);
    expect(await zoom.findUsers!({ http, email: 'nobody@example.com', params: {}, context })).toEqual([]);
  });
});
