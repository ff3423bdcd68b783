import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { dropboxBusiness, selector, type DropboxMember } from './index.js';

const info = fixture<{ members_info: Array<DropboxMember & { '.tag': string }> }>('dropbox-business', 'get-info.json');
const notFound = fixture('dropbox-business', 'get-info-not-found.json');
const admin = fixture<{ admin_profile: Record<string, unknown> }>('dropbox-business', 'authenticated-admin.json');
const ID = 'dbmid:FDFSVF-DFSDF';
const TOKEN = 'dropbox-access-token-0123456789';
const credentials = { method: 'oauth', accessToken: TOKEN };
const BASE = '/2';
const GET_INFO = `POST ${BASE}/team/members/get_info_v2`;
const REMOVE = `POST ${BASE}/team/members/remove`;
const JOB = `POST ${BASE}/team/members/remove/job_status/get`;
const ADMIN = `POST ${BASE}/team/token/get_authenticated_admin`;

const vendor = useFakeVendor(BASE);

/** get-info.json (team.stone's TeamMemberProfile and TeamMemberRole examples) mapped by hand. */
const expectedSnapshot: UnifiedUser = {
  id: ID,
  externalId: '244423',
  identifiers: { team_member_id: ID, account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc', persistent_id: null },
  firstName: 'Franz',
  lastName: 'Ferdinand',
  name: 'Franz Ferdinand (Personal)',
  emails: [
    { email: 'tami@seagull.com', type: 'primary', isPrimary: true },
    { email: 'grape@strawberry.com', type: 'secondary_unverified', isPrimary: false },
    { email: 'apple@orange.com', type: 'secondary', isPrimary: false },
  ],
  status: 'ACTIVE',
  rawStatus: 'active',
  isEmailVerified: false,
  roles: [{ id: 'pid_dbtmr:3456', name: 'User management admin' }],
  userType: 'full',
  groups: [{ id: 'g:e2db7665347abcd600000000001a2b3c' }],
  avatar: 'https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128',
  activatedAt: new Date('2015-05-12T15:50:38Z'),
};

function expectDropboxRequests(): void {
  for (const r of vendor.fake.requests) {
    expect(r.method).toBe('POST');
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  }
}

describe('dropbox-business', () => {
  it('reads the member by team_member_id, then removes it by team_member_id with the documented defaults made explicit', async () => {
    vendor.fake.on(GET_INFO, { body: info }).on(REMOVE, { body: { '.tag': 'complete' } });
    const out = await runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([GET_INFO, REMOVE]);
    expectDropboxRequests();
    expect(vendor.fake.requests.map((r) => [r.headers['content-type'], r.body])).toEqual([
      ['application/json', { members: [{ '.tag': 'team_member_id', team_member_id: ID }] }],
      ['application/json', { user: { '.tag': 'team_member_id', team_member_id: ID }, wipe_data: true, keep_account: false }],
    ]);
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(unfilledMappedFields(dropboxBusiness, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expectedSnapshot, status: 'DELETED', rawStatus: 'removed', groups: [], roles: [] });
  });

  it('an email id is looked up by email, and the removal names the member by the team_member_id read', async () => {
    vendor.fake.on(GET_INFO, { body: info }).on(REMOVE, { body: { '.tag': 'complete' } });
    await runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: 'tami@seagull.com' });
    expect(vendor.fake.requests[0]!.body).toEqual({ members: [{ '.tag': 'email', email: 'tami@seagull.com' }] });
    expect(vendor.fake.requests[1]!.body).toMatchObject({ user: { '.tag': 'team_member_id', team_member_id: ID } });
  });

  it('refuses ids that are neither a team_member_id nor an email, before any call', async () => {
    expect(() => selector('dbid:AAH4f99T0taONIb')).toThrow(/team_member_id/);
    await expect(runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: '244423' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('id_not_found (a 200) is NOT_FOUND and nothing is removed', async () => {
    vendor.fake.on(GET_INFO, { body: notFound });
    await expect(runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([GET_INFO]);
  });

  it('the last admin is a FAILED_PRECONDITION (409 remove_last_admin)', async () => {
    vendor.fake.on(GET_INFO, { body: info }).on(REMOVE, { status: 409, body: fixture('dropbox-business', 'error-last-admin.json') });
    await expect(runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('an asynchronous removal is polled once with its job id', async () => {
    vendor.fake
      .on(GET_INFO, { body: info })
      .on(REMOVE, { body: { '.tag': 'async_job_id', async_job_id: '34g93hh34h04y384084' } })
      .on(JOB, { body: { '.tag': 'complete' } });
    const out = await runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.calls()).toEqual([GET_INFO, REMOVE, JOB]);
    expect(vendor.fake.requests[2]!.body).toEqual({ async_job_id: '34g93hh34h04y384084' });
    expect(out.outcome).toBe('DELETED');
  });

  it('a failed asynchronous job is an error, not a success', async () => {
    vendor.fake
      .on(GET_INFO, { body: info })
      .on(REMOVE, { body: { '.tag': 'async_job_id', async_job_id: '34g93hh34h04y384084' } })
      .on(JOB, { status: 409, body: { error_summary: 'internal_error/..', error: { '.tag': 'internal_error' } } });
    await expect(runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: ID })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
  });

  it("refuses the admin who authorized the token (token/get_authenticated_admin), called without a body", async () => {
    vendor.fake.on(GET_INFO, { body: info }).on(ADMIN, { body: { admin_profile: { ...admin.admin_profile, email: 'TAMI@seagull.com' } } });
    await expect(runDeletion(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const lookup = vendor.fake.requests.find((r) => r.path === `${BASE}/team/token/get_authenticated_admin`)!;
    expect(lookup.rawBody).toBe('');
    expect(vendor.fake.calls()).not.toContain(REMOVE);
  });

  it('findUsers asks get_info_v2 by email and keeps exact matches only', async () => {
    vendor.fake.on(GET_INFO, { body: info }, { body: notFound });
    const { http, context } = vendorClient(dropboxBusiness, { baseUrl: vendor.baseUrl, credentials });
    expect((await dropboxBusiness.findUsers!({ http, email: 'Tami@Seagull.com', params: {}, context })).map((m) => m.profile.team_member_id)).toEqual([ID]);
    expect(await dropboxBusiness.findUsers!({ http, email: 'nobody@seagull.com', params: {}, context })).toEqual([]);
    expect(vendor.fake.requests[0]!.body).toEqual({ members: [{ '.tag': 'email', email: 'Tami@Seagull.com' }] });
  });
});
