import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { freshdesk, type FreshdeskAgent } from './index.js';

const agent = fixture<FreshdeskAgent>('freshdesk', 'agent.json');
const ID = '432';
const KEY = 'fdApiKey-9aJk2LmQ0pZ';
const credentials = { method: 'api_key', apiKey: KEY };
const context = { subdomain: 'acme' };
// Computed by hand: base64("fdApiKey-9aJk2LmQ0pZ:X")
const BASIC = `Basic ${Buffer.from(`${KEY}:X`, 'utf8').toString('base64')}`;

const vendor = useFakeVendor('/api/v2');

/** The mapping of agent.json, computed by hand. */
const expectedSnapshot: UnifiedUser = {
  id: '432',
  name: 'Clark Kent',
  title: 'Journalist',
  emails: [{ email: 'clark.kent@example.com', type: 'primary', isPrimary: true }],
  phones: [{ number: '+1 555 0100', type: 'work' }],
  status: 'ACTIVE',
  rawStatus: 'agent',
  isEmailVerified: true,
  roles: [{ id: '1' }],
  licenses: [{ id: 'support_agent', name: 'support_agent (full-time)' }],
  groups: [{ id: '4' }],
  timezone: 'Chennai',
  languages: ['en'],
  createdAt: new Date('2015-08-28T11:47:58Z'),
  updatedAt: new Date('2015-08-28T11:47:58Z'),
  lastActiveAt: new Date('2015-09-01T08:30:00Z'),
  lastLoginAt: new Date('2015-09-01T08:00:00Z'),
};

describe('freshdesk', () => {
  it('reads the agent, then deletes it (downgrade to a contact) with API-key Basic auth: DEACTIVATED', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { body: agent }).on(`DELETE /api/v2/agents/${ID}`, { status: 204 });
    const out = await runDeletion(freshdesk, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/agents/${ID}`, `DELETE /api/v2/agents/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(BASIC);
      expect(r.rawBody).toBe('');
    }
    expect(BASIC).toBe('Basic ZmRBcGlLZXktOWFKazJMbVEwcFo6WA==');
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(out.user).toMatchObject({ id: '432', status: 'INACTIVE', name: 'Clark Kent' });
  });

  it('rejects a non-numeric id before any request', async () => {
    for (const id of ['clark@example.com', '432/../1', '../432', 'abc']) {
      await expect(runDeletion(freshdesk, { baseUrl: vendor.baseUrl, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('maps a 404 to NOT_FOUND and a 403 access_denied on the DELETE to FORBIDDEN', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { status: 404, text: '' });
    await expect(runDeletion(freshdesk, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/agents/${ID}`]);
  });

  it('maps 403 access_denied on the DELETE to FORBIDDEN', async () => {
    vendor.fake
      .on(`GET /api/v2/agents/${ID}`, { body: agent })
      .on(`DELETE /api/v2/agents/${ID}`, { status: 403, body: { code: 'access_denied', message: 'You are not authorized to perform this action.' } });
    await expect(runDeletion(freshdesk, { baseUrl: vendor.baseUrl, credentials, context, id: ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('accepts only one DNS label as the subdomain', async () => {
    for (const subdomain of ['evil.com', 'acme.freshdesk.com', '-x', '']) {
      await expect(runDeletion(freshdesk, { baseUrl: vendor.baseUrl, credentials, context: { subdomain }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('refuses to remove the agent the API key belongs to (GET /agents/me)', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { body: agent }).on(`DELETE /api/v2/agents/${ID}`, { status: 204 }).on('GET /api/v2/agents/me', { body: agent });
    await expect(runDeletion(freshdesk, { baseUrl: vendor.baseUrl, credentials, context, id: ID, checkOwner: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'SELF_DELETION' },
    });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('finds agents by email with the documented filter, keeping exact case-insensitive matches only', async () => {
    const other = { ...agent, id: 433, contact: { ...agent.contact, email: 'clark.kent@example.com.evil' } };
    vendor.fake.on('GET /api/v2/agents', { body: [agent, other] });
    const { http, context: ctx } = vendorClient(freshdesk, { baseUrl: vendor.baseUrl, credentials, context });
    const found = await freshdesk.findUsers!({ http, email: 'Clark.Kent@Example.com', params: {}, context: ctx });
    expect(found.map((a) => a.id)).toEqual([432]);
    expect(vendor.fake.requests[0]?.query).toEqual({ email: 'Clark.Kent@Example.com', per_page: '100' });
  });
});
