/**
 * Monday.com under the generic provider contract (test/provider-contract.test.ts). Every call goes
 * to the one GraphQL endpoint, POST /v2; routes name the root field ('POST /v2 #users').
 */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { mondayCom, type MondayUser } from './index.js';

const users = fixture<{ data: { users: MondayUser[] } }>('monday-com', 'users.json');
const ID = users.data.users[0]!.id;
const WORKSPACE = '5678901';
const BASE = '/v2';

export const contract = defineContract({
  provider: mondayCom,
  credentials: { method: 'api_token', apiToken: 'eyJhbGciOiJIUzI1NiJ9.contract-monday-token' },
  basePath: BASE,
  id: ID,
  params: { workspaceId: WORKSPACE },
  happy: [
    { route: `POST ${BASE} #users`, reply: { body: users } },
    { route: `POST ${BASE} #delete_users_from_workspace`, reply: { body: { data: { delete_users_from_workspace: [{ id: ID }] }, extensions: { request_id: 'r2' } } } },
  ],
  owner: {
    route: `POST ${BASE} #me`,
    someoneElse: { body: { data: { me: { id: '9876543', email: 'admin@example.com' } } } },
    theTarget: { body: { data: { me: { id: ID, email: 'julia.smith@example.com' } } } },
  },
  // https://developer.monday.com/api-reference/docs/rate-limits (2025-07+ shape), with Retry-After.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ message: 'Complexity budget exhausted', extensions: { code: 'COMPLEXITY_BUDGET_EXHAUSTED', retry_in_seconds: 0 } }] } },
  // users(ids:) answers an empty list for an unknown id.
  notFound: { status: 200, body: { data: { users: [] }, extensions: { request_id: 'r3' } } },
  unauthorized: { status: 401, body: { errors: [{ message: 'Not Authenticated' }] } },
  container: { kind: 'workspace', id: WORKSPACE },
});
