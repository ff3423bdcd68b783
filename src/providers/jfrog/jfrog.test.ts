import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor } from '../../../test/helpers/provider.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { jfrog, subjectUser, type JFrogUser } from './index.js';

const user = fixture<JFrogUser>('jfrog', 'user.json');
const TOKEN = 'eyJ2ZXIiOiIyIiwidHlwIjoiSldUIn0.jfrog-admin';
const credentials = { method: 'access_token', accessToken: TOKEN };
const context = { subdomain: 'acme' };
const vendor = useFakeVendor();
const USER = '/access/api/v2/users/jane.doe';

const expected: UnifiedUser = {
  id: 'jane.doe',
  identifiers: { username: 'jane.doe', realm: 'internal' },
  username: 'jane.doe',
  emails: [{ email: 'jane.doe@example.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'enabled',
  roles: [{ id: 'user', name: 'User' }],
  groups: [
    { id: 'readers', name: 'readers' },
    { id: 'deployers', name: 'deployers' },
  ],
  lastLoginAt: new Date('2024-04-26T08:58:18.351Z'),
};

describe('jfrog', () => {
  it('reads the user, then deletes it (204) through the Access API v2, with the admin token as Bearer', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on(`DELETE ${USER}`, { status: 204 });
    const out = await runDeletion(jfrog, { baseUrl: vendor.baseUrl, credentials, context, id: 'jane.doe' });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(jfrog, out.before)).toEqual([]);
    expect(out.user).toEqual({ ...expected, status: 'DELETED', rawStatus: null, groups: [] });
  });

  it('encodes a username with @ as one path segment', async () => {
    vendor.fake.on('GET /access/api/v2/users/jane%40example.com', { body: { ...user, username: 'jane@example.com' } }).on('DELETE /access/api/v2/users/jane%40example.com', { status: 204 });
    await runDeletion(jfrog, { baseUrl: vendor.baseUrl, credentials, context, id: 'jane@example.com' });
    expect(vendor.fake.unexpected).toEqual([]);
  });

  it('maps a 404 to NOT_FOUND and deletes nothing', async () => {
    vendor.fake.on(`GET ${USER}`, { status: 404, body: fixture('jfrog', 'error-404.json') });
    await expect(runDeletion(jfrog, { baseUrl: vendor.baseUrl, credentials, context, id: 'jane.doe' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET ${USER}`]);
  });

  it('refuses to delete the user the token belongs to (tokens/me subject)', async () => {
    vendor.fake.on(`GET ${USER}`, { body: user }).on('GET /access/api/v1/tokens/me', { body: { token_id: 't', subject: 'jfac@01ch05tj4n3ss80s6n3v2307b9/users/jane.doe' } });
    await expect(runDeletion(jfrog, { baseUrl: vendor.baseUrl, credentials, context, id: 'jane.doe', checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('reads the username out of a token subject', () => {
    expect(subjectUser('jfac@01ch05tj4n3ss80s6n3v2307b9/users/admin')).toBe('admin');
    expect(subjectUser('admin')).toBe('admin');
  });

  it('builds https://{server}.jfrog.io and accepts one DNS label only', () => {
    expect(buildBaseUrl(jfrog, validateContext(jfrog, { subdomain: 'acme' })).href).toBe('https://acme.jfrog.io/');
    expect(() => validateContext(jfrog, { subdomain: 'evil.com/x' })).toThrow(/subdomain/);
  });
});
