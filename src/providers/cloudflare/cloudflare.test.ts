import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { cloudflare, type CloudflareMember } from './index.js';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const ID = '4536bcfad5faccb111b47003c79917fa';
const MEMBER = `/client/v4/accounts/${ACCOUNT}/members/${ID}`;
const vendor = useFakeVendor('/client/v4');
const member = fixture<{ result: CloudflareMember }>('cloudflare', 'member.json');
const removed = { errors: [], messages: [], success: true, result: { id: ID } };

describe('cloudflare', () => {
  it('reads the membership, then removes it from the account, with a bearer API token', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { body: member }).on(`DELETE ${MEMBER}`, { body: removed });

    const out = await runDeletion(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'api_token', apiToken: 'cf-token-123' }, context: { accountId: ACCOUNT }, id: ID });

    expect(vendor.fake.calls()).toEqual([`GET ${MEMBER}`, `DELETE ${MEMBER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe('Bearer cf-token-123');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual({
      id: ID,
      identifiers: { membershipId: ID, userId: '023e105f4ecef8ad9ca31a8372d0c353' },
      firstName: 'John',
      lastName: 'Appleseed',
      name: 'John Appleseed',
      emails: [{ email: 'user@example.com', type: 'work', isPrimary: true }],
      status: 'ACTIVE',
      rawStatus: 'accepted',
      is2faEnabled: true,
      roles: [{ id: '3536bcfad5faccb999b47003c79917fb', name: 'Account Administrator' }],
    });
    // The membership is gone: no membership status or role remains.
    expect(out.user).toMatchObject({ id: ID, status: null, roles: [] });
  });

  it('sends the global API key as X-Auth-Email / X-Auth-Key', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { body: member }).on(`DELETE ${MEMBER}`, { body: removed });
    await runDeletion(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'global_api_key', email: 'admin@example.com', apiKey: '144c9defac04969c7bfad8efaa8ea194' }, context: { accountId: ACCOUNT }, id: ID });
    for (const r of vendor.fake.requests) {
      expect(r.headers['x-auth-email']).toBe('admin@example.com');
      expect(r.headers['x-auth-key']).toBe('144c9defac04969c7bfad8efaa8ea194');
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it('maps a pending invitation to INVITED', () => {
    expect(cloudflare.toUser({ ...member.result, status: 'pending' }, { id: ID, params: {} }).status).toBe('INVITED');
  });

  it('maps Cloudflare auth error codes to REAUTH_REQUIRED and writes nothing', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { status: 400, body: { success: false, errors: [{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] }], messages: [], result: null } });
    await expect(runDeletion(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'api_token', apiToken: 'bad token' }, context: { accountId: ACCOUNT }, id: ID })).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(vendor.fake.calls()).toEqual([`GET ${MEMBER}`]);
  });

  it('a token lacking a permission (403) is FORBIDDEN, not a reconnect', async () => {
    vendor.fake.on(`GET ${MEMBER}`, { status: 403, body: { success: false, errors: [{ code: 9109, message: 'Unauthorized to access requested resource' }], messages: [], result: null } });
    await expect(runDeletion(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'api_token', apiToken: 'cf-token-123' }, context: { accountId: ACCOUNT }, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('accepts only a 32-hex account id as context', async () => {
    await expect(runDeletion(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'api_token', apiToken: 'x1234' }, context: { accountId: '../zones' }, id: ID })).rejects.toThrow(/accountId/);
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('names the token owner from GET /user, and no one for an account-owned token', async () => {
    vendor.fake.on('GET /client/v4/user', { body: fixture('cloudflare', 'user.json') });
    const lookup = cloudflare.tokenOwner as Extract<typeof cloudflare.tokenOwner, { lookup: unknown }>;
    const user = vendorClient(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'api_token', apiToken: 't1234' }, context: { accountId: ACCOUNT } });
    expect(await lookup.lookup({ ...user, method: 'api_token' })).toEqual({ ids: ['7c5dae5552338874e5053f2534d2767a', 'admin@example.com'] });
    const acct = vendorClient(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'account_api_token', apiToken: 't1234' }, context: { accountId: ACCOUNT } });
    expect(await lookup.lookup({ ...acct, method: 'account_api_token' })).toBeUndefined();
    expect(vendor.fake.calls()).toEqual(['GET /client/v4/user']);
  });

  it('finds members by email over bounded pages, case-insensitively and exactly', async () => {
    const page = (items: CloudflareMember[], p: number) => ({ success: true, errors: [], messages: [], result: items, result_info: { page: p, per_page: 50, total_pages: 2, count: items.length, total_count: 3 } });
    const other = { ...member.result, id: 'b0000000000000000000000000000000', email: 'user@example.com.evil', user: { ...member.result.user, email: 'user@example.com.evil' } };
    const again = { ...member.result, id: 'c0000000000000000000000000000000', email: 'USER@example.com', user: { ...member.result.user, email: 'USER@example.com' } };
    vendor.fake.on(`GET /client/v4/accounts/${ACCOUNT}/members`, { body: page([member.result, other], 1) }, { body: page([again], 2) });
    const { http, context } = vendorClient(cloudflare, { baseUrl: vendor.baseUrl, credentials: { method: 'api_token', apiToken: 't1234' }, context: { accountId: ACCOUNT } });
    const found = await cloudflare.findUsers!({ http, context, email: 'User@Example.com', params: {} });
    expect(found.map((m) => m.id)).toEqual([ID, 'c0000000000000000000000000000000']);
    expect(vendor.fake.requests.map((r) => r.search)).toEqual(['page=1&per_page=50', 'page=2&per_page=50']);
  });
});
