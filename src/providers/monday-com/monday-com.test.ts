import { describe, expect, it } from 'vitest';
import { fixture, runDeletion, unfilledMappedFields, useFakeVendor, vendorClient } from '../../../test/helpers/provider.js';
import { validateParams } from '../../deletion/validate.js';
import type { UnifiedUser } from '../core/types.js';
import { API_VERSION, EMAIL_QUERY, ME_QUERY, mondayCom, REMOVE_MUTATION, USER_QUERY, type MondayUser } from './index.js';

const users = fixture<{ data: { users: MondayUser[] } }>('monday-com', 'users.json');
const ID = '4012689';
const WORKSPACE = '5678901';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.test-monday-token';
const credentials = { method: 'api_token', apiToken: TOKEN };
const params = { workspaceId: WORKSPACE };
const REMOVED = { data: { delete_users_from_workspace: [{ id: ID }] } };

const vendor = useFakeVendor('/v2');

const expectedUser: UnifiedUser = {
  id: ID,
  firstName: 'Julia',
  lastName: 'Smith',
  name: 'Julia Smith',
  emails: [{ email: 'julia.smith@example.com', type: 'work', isPrimary: true }],
  status: 'ACTIVE',
  rawStatus: 'ACTIVE',
  title: 'Marketing Manager',
  createdAt: new Date('2024-05-14T09:12:31Z'),
  organizations: [{ id: '1234567' }],
};

const run = (extra: { id?: string; checkOwner?: boolean; credentials?: Record<string, string> } = {}) =>
  runDeletion(mondayCom, { baseUrl: vendor.baseUrl, credentials: extra.credentials ?? credentials, id: extra.id ?? ID, params, checkOwner: extra.checkOwner });

describe('monday-com', () => {
  it('reads the user, then removes them from the workspace with delete_users_from_workspace (token without prefix, API-Version)', async () => {
    vendor.fake.on('POST /v2 #users', { body: users }).on('POST /v2 #delete_users_from_workspace', { body: REMOVED });

    const out = await run();

    expect(vendor.fake.unexpected).toEqual([]);
    expect(vendor.fake.calls()).toEqual(['POST /v2 #users', 'POST /v2 #delete_users_from_workspace']);
    const [read, remove] = vendor.fake.requests;
    expect(read?.body).toEqual({ query: USER_QUERY, variables: { ids: [ID] } });
    expect(read?.operationType).toBe('query');
    expect(remove?.body).toEqual({ query: REMOVE_MUTATION, variables: { workspaceId: WORKSPACE, userIds: [ID] } });
    expect(remove?.operationType).toBe('mutation');
    for (const r of vendor.fake.requests) {
      expect(r.path).toBe('/v2');
      expect(r.headers.authorization).toBe(TOKEN);
      expect(r.headers['api-version']).toBe(API_VERSION);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(out.outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(out.before).toEqual(expectedUser);
    expect(out.user).toMatchObject({ id: ID, organizations: [{ id: '1234567' }] });
    expect(unfilledMappedFields(mondayCom, out.before)).toEqual([]);
  });

  it('requires workspaceId', () => {
    expect(() => validateParams(mondayCom, {}, 'graphql')).toThrow(/workspaceId/);
  });

  it('answers NOT_FOUND when users(ids:) lists nobody, and refuses ids that are not numbers before any call', async () => {
    vendor.fake.on('POST /v2 #users', { body: { data: { users: [] } } });
    await expect(run()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(vendor.fake.requests.filter((r) => r.operationType === 'mutation')).toEqual([]);
    vendor.fake.reset();
    for (const id of ['me', 'abc']) await expect(run({ id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(vendor.fake.requests).toEqual([]);
  });

  it('treats errors in a 200 body as failures: UserUnauthorizedException → FORBIDDEN, no removal claimed', async () => {
    vendor.fake
      .on('POST /v2 #users', { body: users })
      .on('POST /v2 #delete_users_from_workspace', {
        body: { data: { delete_users_from_workspace: null }, errors: [{ message: 'User unauthorized to perform action', extensions: { code: 'UserUnauthorizedException', status_code: 403 } }] },
      });
    await expect(run()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('waits and retries after COMPLEXITY_BUDGET_EXHAUSTED in a 200 body with Retry-After', async () => {
    vendor.fake
      .on('POST /v2 #users', { headers: { 'retry-after': '0' }, body: { errors: [{ message: 'Complexity budget exhausted', extensions: { code: 'COMPLEXITY_BUDGET_EXHAUSTED', retry_in_seconds: 0 } }] } }, { body: users })
      .on('POST /v2 #delete_users_from_workspace', { body: REMOVED });
    expect((await run()).outcome).toBe('REMOVED_FROM_CONTAINER');
    expect(vendor.fake.calls()).toEqual(['POST /v2 #users', 'POST /v2 #users', 'POST /v2 #delete_users_from_workspace']);
  });

  it('refuses to remove the token owner (query me)', async () => {
    vendor.fake
      .on('POST /v2 #users', { body: users })
      .on('POST /v2 #me', { body: { data: { me: { id: ID, email: 'julia.smith@example.com' } } } })
      .on('POST /v2 #delete_users_from_workspace', { body: REMOVED });
    await expect(run({ checkOwner: true })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SELF_DELETION' } });
    expect(vendor.fake.requests.find((r) => r.operation === 'me')?.body).toEqual({ query: ME_QUERY });
    expect(vendor.fake.requests.filter((r) => r.operationType === 'mutation')).toEqual([]);
  });

  it('finds users by email with users(emails:), exact and case-insensitive', async () => {
    vendor.fake.on('POST /v2 #users', { body: users });
    const { http, context } = vendorClient(mondayCom, { baseUrl: vendor.baseUrl, credentials });
    const found = await mondayCom.findUsers!({ http, email: 'Julia.Smith@Example.com', params, context });
    expect(found.map((u) => u.id)).toEqual([ID]);
    expect(vendor.fake.requests[0]?.body).toEqual({ query: EMAIL_QUERY, variables: { emails: ['Julia.Smith@Example.com'] } });
  });
});
