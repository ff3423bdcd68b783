import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { dropboxSign } from './index.js';

type TeamBody = { team: { name: string; accounts: Array<Record<string, unknown>>; invited_accounts: Array<Record<string, unknown>>; invited_emails: string[] } };
const team = fixture<TeamBody>('dropbox-sign', 'TeamGetResponse.json');
const removed = fixture('dropbox-sign', 'TeamRemoveMemberResponse.json');
const ID = 'd3d3d7b98d80b67d07740df7cdfd1f49fa8e2b82';
const KEY = 'dropbox-sign-api-key-value';
const credentials = { method: 'api_key', apiKey: KEY };
const BASIC = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;

const vendor = useFakeVendor('/v3');

const expected: UnifiedUser = {
  id: ID,
  emails: [{ email: 'teammate@dropboxsign.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'member',
  roles: [{ id: 'm', name: 'Member', group: 'Team Dropbox Sign' }],
  userType: 'paid',
  groups: [{ id: 'Team Dropbox Sign', name: 'Team Dropbox Sign' }],
};

describe('dropbox-sign', () => {
  it('reads the team, finds the member, removes it with a JSON body (201), with the API key as HTTP Basic user name', async () => {
    vendor.fake.on('GET /v3/team', { body: team }).on('POST /v3/team/remove_member', { status: 201, body: removed });
    const out = await runDeletion(dropboxSign, { baseUrl: vendor.baseUrl, credentials, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['GET /v3/team', 'POST /v3/team/remove_member']);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === BASIC)).toBe(true);
    expect(vendor.fake.requests[1]!.headers['content-type']).toMatch(/^application\/json/);
    expect(vendor.fake.requests[1]!.body).toEqual({ account_id: ID });
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(out.user.groups ?? []).toEqual([]);
  });

  it('takes an email address as the id, and a 200 answer as success', async () => {
    vendor.fake.on('GET /v3/team', { body: team }).on('POST /v3/team/remove_member', { status: 200, body: removed });
    const out = await runDeletion(dropboxSign, { baseUrl: vendor.baseUrl, credentials, id: 'TeamMate@dropboxsign.com' });
    expect(vendor.fake.requests[1]!.body).toEqual({ account_id: ID });
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
  });

  it('expires an outstanding invitation: an invited account is INVITED and removed the same way', async () => {
    vendor.fake.on('GET /v3/team', { body: team }).on('POST /v3/team/remove_member', { status: 201, body: removed });
    const out = await runDeletion(dropboxSign, { baseUrl: vendor.baseUrl, credentials, id: '8e239b5a50eac117fdd9a0e2359620aa57cb2463' });
    expect(out.before?.status).toBe('INVITED');
    expect(vendor.fake.requests[1]!.body).toEqual({ account_id: '8e239b5a50eac117fdd9a0e2359620aa57cb2463' });
  });

  it('answers NOT_FOUND for an account that is not in the team, without writing', async () => {
    vendor.fake.on('GET /v3/team', { body: team });
    await expect(runDeletion(dropboxSign, { baseUrl: vendor.baseUrl, credentials, id: 'ffffffffffffffffffffffffffffffffffffffff' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual(['GET /v3/team']);
  });

  it('every request conforms to the Dropbox Sign OpenAPI description', async () => {
    vendor.fake.on('GET /v3/team', { body: team }).on('POST /v3/team/remove_member', { status: 201, body: removed }).on('GET /v3/account', { body: fixture('dropbox-sign', 'AccountGetResponse.json') });
    await runDeletion(dropboxSign, { baseUrl: vendor.baseUrl, credentials, id: ID, checkOwner: true });
    const spec = loadSpec('dropbox-sign.yaml');
    const all = [...vendor.fake.requests, ...vendor.fake.backgroundRequests];
    expect(all.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /v3/account', 'GET /v3/team', 'POST /v3/team/remove_member']);
    expect(all.flatMap((r) => checkRequest(spec, r, '/v3'))).toEqual([]);
    expect(checkRequest(spec, { ...vendor.fake.requests[0]!, path: '/v3/team/delete_member' }, '/v3')).not.toEqual([]);
  });

  it('finds team members by email, exact and case-insensitive', async () => {
    vendor.fake.on('GET /v3/team', { body: team });
    const { http, context } = vendorClient(dropboxSign, { baseUrl: vendor.baseUrl, credentials });
    expect((await dropboxSign.findUsers!({ http, email: 'TEAMMATE@dropboxsign.com', params: {}, context })).map((m) => m.account.account_id)).toEqual([ID]);
    expect(await dropboxSign.findUsers!({ http, email: 'teammate@dropboxsign.co', params: {}, context })).toEqual([]);
  });
});
