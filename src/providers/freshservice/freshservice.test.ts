import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import type { UnifiedUser } from '../core/types.js';
import { freshservice, type FreshserviceAgent } from './index.js';

const agent = fixture<{ agent: FreshserviceAgent }>('freshservice', 'agent.json');
const ID = '10000000011';
const KEY = 'fsKey-7Qw2Er4Ty';
const credentials = { method: 'api_key', apiKey: KEY };
const context = { subdomain: 'acme' };
// Computed by hand: base64("fsKey-7Qw2Er4Ty:X")
const BASIC = 'Basic ZnNLZXktN1F3MkVyNFR5Olg=';
const vendor = useFakeVendor('/api/v2');

const expectedSnapshot: UnifiedUser = {
  id: '10000000011',
  firstName: 'Rachel',
  lastName: 'Doe',
  name: 'Rachel Doe',
  title: 'Support Engineer',
  emails: [{ email: 'rachel@freshservice.com', type: 'primary', isPrimary: true }],
  phones: [
    { number: '+1 555 0134', type: 'work' },
    { number: '+1 555 0199', type: 'mobile' },
  ],
  status: 'ACTIVE',
  rawStatus: 'active',
  roles: [{ id: '3' }],
  licenses: [{ id: 'full_time', name: 'Full-time agent' }],
  groups: [{ id: '2' }],
  timezone: 'Eastern Time (US & Canada)',
  languages: ['en'],
  createdAt: new Date('2020-03-10T06:19:48Z'),
  updatedAt: new Date('2020-03-20T09:26:40Z'),
  lastActiveAt: new Date('2020-03-20T09:26:40Z'),
  lastLoginAt: new Date('2020-03-20T09:26:21Z'),
};

describe('freshservice', () => {
  it('reads the agent, then deactivates it with API-key Basic auth', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { body: agent }).on(`DELETE /api/v2/agents/${ID}`, { status: 204 });
    const out = await runDeletion(freshservice, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/agents/${ID}`, `DELETE /api/v2/agents/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(BASIC);
      expect(r.rawBody).toBe('');
    }
    expect(BASIC).toBe(`Basic ${Buffer.from(`${KEY}:X`).toString('base64')}`);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.before).toEqual(expectedSnapshot);
    expect(out.user).toMatchObject({ id: ID, status: 'INACTIVE' });
  });

  it('accepts a 200 deactivation answer too', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { body: agent }).on(`DELETE /api/v2/agents/${ID}`, { status: 200, text: '' });
    const out = await runDeletion(freshservice, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(out.outcome).toBe('DEACTIVATED');
  });

  it('leaves an agent the snapshot shows deactivated alone, and never calls forget', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { body: { agent: { ...agent.agent, active: false } } });
    const out = await runDeletion(freshservice, { baseUrl: vendor.baseUrl, credentials, context, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /api/v2/agents/${ID}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
  });

  it('rejects a non-numeric id and a bad subdomain before any request', async () => {
    for (const id of ['rachel@freshservice.com', '1/../2', 'x1']) {
      await expect(runDeletion(freshservice, { baseUrl: vendor.baseUrl, credentials, context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(runDeletion(freshservice, { baseUrl: vendor.baseUrl, credentials, context: { subdomain: 'a.b' }, id: ID })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toHaveLength(0);
  });

  it('refuses to deactivate the agent the key belongs to', async () => {
    vendor.fake.on(`GET /api/v2/agents/${ID}`, { body: agent }).on(`DELETE /api/v2/agents/${ID}`, { status: 204 }).on('GET /api/v2/agents/me', { body: agent });
    await expect(runDeletion(freshservice, { baseUrl: vendor.baseUrl, credentials, context, id: ID, checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('finds agents by email, exact case-insensitive matches only', async () => {
    const other = { ...agent.agent, id: 12, email: 'rachel@freshservice.com.evil' };
    vendor.fake.on('GET /api/v2/agents', { body: { agents: [agent.agent, other] } });
    const { http, context: ctx } = vendorClient(freshservice, { baseUrl: vendor.baseUrl, credentials, context });
    expect((await freshservice.findUsers!({ http, email: 'RACHEL@freshservice.com', params: {}, context: ctx })).map((a) => a.id)).toEqual([10000000011]);
    expect(vendor.fake.requests[0]?.query).toEqual({ email: 'RACHEL@freshservice.com', per_page: '100' });
  });
});
