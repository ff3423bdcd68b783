import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { validateParams } from '../../deletion/validate.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { UnifiedUser } from '../core/types.js';
import { ciscoMeraki } from './index.js';

const ORG = '2930418';
const KEY = 'meraki-dashboard-api-key-0123456789';
const credentials = { method: 'api_key', apiKey: KEY };
const params = { organizationId: ORG, workspaceId: 'N_24329156' };
const ADMINS = `/api/v1/organizations/${ORG}/admins`;

const vendor = useFakeVendor('/api/v1');

const expected: UnifiedUser = {
  id: '212406',
  firstName: 'Miles',
  lastName: 'Meraki',
  name: 'Miles Meraki',
  emails: [{ email: 'miles@meraki.com', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'ok',
  is2faEnabled: false,
  roles: [
    { name: 'full', organization: ORG, workspace: 'N_24329156' },
    { id: 'tag:west', name: 'read-only', organization: ORG },
  ],
  organizations: [{ id: ORG }],
  workspaces: [{ id: 'N_24329156' }],
  lastActiveAt: new Date('2019-01-28T22:58:56Z'),
};

describe('cisco-meraki', () => {
  it('lists the organization\'s admins, checks the network belongs to the organization, then revokes the admin (204), with the key as Bearer', async () => {
    vendor.fake
      .on(`GET ${ADMINS}`, { body: fixture('cisco-meraki', 'admins.json') })
      .on('GET /api/v1/networks/N_24329156', { body: fixture('cisco-meraki', 'network.json') })
      .on(`DELETE ${ADMINS}/212406`, { status: 204 });
    const out = await runDeletion(ciscoMeraki, { baseUrl: vendor.baseUrl, credentials, id: '212406', params });
    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual([`GET ${ADMINS}`, 'GET /api/v1/networks/N_24329156', `DELETE ${ADMINS}/212406`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expected);
    expect(unfilledMappedFields(ciscoMeraki, out.before)).toEqual([]);
    expect(out.user).toMatchObject({ organizations: [], workspaces: [], roles: [] });
  });

  it('refuses a network of another organization before any write', async () => {
    vendor.fake
      .on(`GET ${ADMINS}`, { body: fixture('cisco-meraki', 'admins.json') })
      .on('GET /api/v1/networks/N_24329156', { body: { ...fixture<Record<string, unknown>>('cisco-meraki', 'network.json'), organizationId: '999' } });
    await expect(runDeletion(ciscoMeraki, { baseUrl: vendor.baseUrl, credentials, id: '212406', params })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('takes an email address as the id and revokes by admin id; an unknown admin is NOT_FOUND', async () => {
    vendor.fake
      .on(`GET ${ADMINS}`, { body: fixture('cisco-meraki', 'admins.json') })
      .on('GET /api/v1/networks/N_24329156', { body: fixture('cisco-meraki', 'network.json') })
      .on(`DELETE ${ADMINS}/212406`, { status: 204 });
    await runDeletion(ciscoMeraki, { baseUrl: vendor.baseUrl, credentials, id: 'Miles@Meraki.com', params });
    expect(vendor.fake.calls().at(-1)).toBe(`DELETE ${ADMINS}/212406`);
    await expect(runDeletion(ciscoMeraki, { baseUrl: vendor.baseUrl, credentials, id: '999999', params })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('requires both params, and offers only Meraki\'s dashboard hosts', async () => {
    expect(() => validateParams(ciscoMeraki, { organizationId: ORG }, 'graphql')).toThrow(/workspaceId/);
    expect(() => validateParams(ciscoMeraki, { workspaceId: 'N_24329156' }, 'graphql')).toThrow(/organizationId/);
    expect(() => validateContext(ciscoMeraki, { host: 'api.meraki.com.evil.io' })).toThrow();
    expect(buildBaseUrl(ciscoMeraki, validateContext(ciscoMeraki, {})).href).toBe('https://api.meraki.com/api/v1');
    expect(buildBaseUrl(ciscoMeraki, validateContext(ciscoMeraki, { host: 'api.meraki.cn' })).href).toBe('https://api.meraki.cn/api/v1');
  });

  it('finds administrators by email in the organization, exact and case-insensitive', async () => {
    vendor.fake.on(`GET ${ADMINS}`, { body: fixture('cisco-meraki', 'admins.json') });
    const { http, context } = vendorClient(ciscoMeraki, { baseUrl: vendor.baseUrl, credentials });
    expect((await ciscoMeraki.findUsers!({ http, email: 'ADA.admin@example.com', params, context })).map((m) => m.admin.id)).toEqual(['212407']);
    expect(await ciscoMeraki.findUsers!({ http, email: 'ada@example.com', params, context })).toEqual([]);
  });
});
