import { describe, expect, it } from 'vitest';
import { buildBaseUrl, validateContext } from '../../../src/providers/core/definition.js';
import { fixture, runDeletion, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { segment, type SegmentUser } from './index.js';

const ID = 'sgJDWk3K21k6LE3tLU9nRK';
const vendor = useFakeVendor();
const creds = { method: 'api_token', apiToken: 'sgp_token_123' };

function routes() {
  vendor.fake
    .on(`GET /users/${ID}`, { body: fixture('segment', 'user.json') })
    .on('GET /', { body: fixture('segment', 'workspace.json') })
    .on('DELETE /users', { body: { data: { status: 'SUCCESS' } } });
}

describe('segment', () => {
  it('reads the user and the workspace, then removes exactly that user, with a bearer token', async () => {
    routes();
    const out = await runDeletion(segment, { baseUrl: vendor.fake.url, credentials: creds, id: ID });
    expect(vendor.fake.calls()).toEqual([`GET /users/${ID}`, 'GET /', `DELETE /users?userIds.0=${ID}`]);
    for (const r of vendor.fake.requests) expect(r.headers.authorization).toBe('Bearer sgp_token_123');
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual({
      id: ID,
      name: 'Jane Doe',
      emails: [{ email: 'jane.doe@example.com', type: 'work', isPrimary: true }],
      roles: [
        { id: '1YcmPbPqyCyAbOzxuQLi9HjFgQ8', name: 'Workspace Member', workspace: '9aQ1Lj62S4bomZKLF4DPqW' },
        { id: '1sqfmPzy7K7YnXpn6bP5hQEnHNd', name: 'Source Admin', workspace: null },
      ],
      workspaces: [{ id: '9aQ1Lj62S4bomZKLF4DPqW', name: 'Acme Corp' }],
    });
    expect(out.user).toMatchObject({ id: ID, roles: [], workspaces: [] });
  });

  it('never lets remote_query add other users to the removal', async () => {
    routes();
    await runDeletion(segment, { baseUrl: vendor.fake.url, credentials: creds, id: ID, remoteQuery: { 'userIds.1': 'someoneElse', UserIds: 'x', dryRun: 'false' } });
    expect(vendor.fake.requests[2]!.query).toEqual({ dryRun: 'false', 'userIds.0': ID });
  });

  it('maps 404 to NOT_FOUND and writes nothing', async () => {
    vendor.fake.on(`GET /users/${ID}`, { status: 404, body: fixture('segment', 'error-404.json') });
    await expect(runDeletion(segment, { baseUrl: vendor.fake.url, credentials: creds, id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.calls()).toEqual([`GET /users/${ID}`]);
  });

  it('uses the EU host for EU workspaces and accepts no other host', () => {
    expect(buildBaseUrl(segment, validateContext(segment, { host: 'eu1.api.segmentapis.com' })).href).toBe('https://eu1.api.segmentapis.com/');
    expect(buildBaseUrl(segment, validateContext(segment, {})).href).toBe('https://api.segmentapis.com/');
    expect(() => validateContext(segment, { host: 'evil.segmentapis.com.example' })).toThrow();
  });

  it('finds users by email over cursor pages, case-insensitively and exactly', async () => {
    const page = fixture<{ data: { users: SegmentUser[] } }>('segment', 'users-page.json');
    const last = { data: { users: [{ id: 'x1', name: 'J', email: 'JANE.DOE@example.com' }, { id: 'x2', name: 'K', email: 'jane.doe@example.com.evil' }], pagination: { current: 'MQ==', next: null, totalEntries: 3 } } };
    vendor.fake.on('GET /users', { body: page }, { body: last });
    const { http, context } = vendorClient(segment, { baseUrl: vendor.fake.url, credentials: creds });
    const found = await segment.findUsers!({ http, context, email: 'Jane.Doe@example.com', params: {} });
    expect(found.map((s) => s.user.id)).toEqual([ID, 'x1']);
    expect(vendor.fake.requests.map((r) => r.query)).toEqual([{ 'pagination.count': '200' }, { 'pagination.count': '200', 'pagination.cursor': 'MQ==' }]);
  });
});
