import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { jamf } from './index.js';

const TOKEN = 'jamf-session-bearer-token';
const credentials = { method: 'client_credentials', clientId: 'jamf-api-client-id', clientSecret: 'jamf-api-client-secret', accessToken: TOKEN };
const context = { host: 'acme.jamfcloud.com' };
const vendor = useFakeVendor();

const expected: UnifiedUser = {
  id: '7',
  firstName: 'Jane',
  lastName: 'Smith',
  name: 'Jane Smith',
  username: 'jsmith',
  emails: [{ email: 'jane.smith@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'Enabled',
  roles: [{ name: 'Custom' }, { name: 'Full Access' }],
  groups: [{ id: '3', name: 'Helpdesk' }],
};

describe('jamf', () => {
  it('reads the Jamf Pro user account as JSON, then deletes it by id, with the API client token as Bearer', async () => {
    vendor.fake
      .on('GET /JSSResource/accounts/userid/7', { body: fixture('jamf', 'account.json') })
      .on('DELETE /JSSResource/accounts/userid/7', { text: '<account><id>7</id></account>', headers: { 'content-type': 'application/xml' } });
    const out = await runDeletion(jamf, { baseUrl: vendor.fake.url, credentials, context, id: '7' });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['GET /JSSResource/accounts/userid/7', 'DELETE /JSSResource/accounts/userid/7']);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(jamf, out.before)).toEqual([]);
    expect(out.user.status).toBe('DELETED');
  });

  it('reads an account by user name and deletes it by its numeric id', async () => {
    vendor.fake
      .on('GET /JSSResource/accounts/username/jsmith', { body: fixture('jamf', 'account.json') })
      .on('DELETE /JSSResource/accounts/userid/7', { status: 200, text: '' });
    await runDeletion(jamf, { baseUrl: vendor.fake.url, credentials, context, id: 'jsmith' });
    expect(vendor.fake.calls()).toEqual(['GET /JSSResource/accounts/username/jsmith', 'DELETE /JSSResource/accounts/userid/7']);
  });

  it('names the owner of a user-token session from /api/v1/auth; an API client has none (no call)', async () => {
    if (!('lookup' in jamf.tokenOwner)) throw new Error('Jamf names the owner of a user session');
    const { http, context: ctx } = vendorClient(jamf, { baseUrl: vendor.fake.url, credentials: { method: 'user_token', username: 'admin', password: 'jamf-admin-password', accessToken: 'jamf-session-token' }, context });
    vendor.fake.on('GET /api/v1/auth', { body: fixture('jamf', 'auth-me.json') });
    expect(await jamf.tokenOwner.lookup({ http, context: ctx, method: 'user_token' })).toEqual({ ids: ['1', 'admin', 'admin@example.com'] });
    expect(await jamf.tokenOwner.lookup({ http, context: ctx, method: 'client_credentials' })).toBeUndefined();
    expect(vendor.fake.requests).toHaveLength(1);
  });

  it('accepts only jamfcloud.com hosts', () => {
    expect(() => validateContext(jamf, { host: 'acme.jamfcloud.com.evil.io' })).toThrow();
    expect(validateContext(jamf, { host: 'acme.jamfcloud.com' })).toEqual({ host: 'acme.jamfcloud.com' });
  });
});
