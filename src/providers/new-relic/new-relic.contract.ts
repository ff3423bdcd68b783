/** New Relic under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { newRelic } from './index.js';

const ID = '1001234567';
const empty = {
  data: { actor: { organization: { userManagement: { authenticationDomains: { nextCursor: null, authenticationDomains: [{ id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Default', provisioningType: 'manual', users: { users: [] } }] } } } } },
};

export const contract = defineContract({
  provider: newRelic,
  credentials: { method: 'user_api_key', apiKey: 'NRAK-CONTRACT0000000000000000000' },
  basePath: '/graphql',
  id: ID,
  // NerdGraph has one endpoint: the calls are told apart by the operation in the GraphQL document.
  happy: [
    { route: 'POST /graphql', operation: 'authenticationDomains', read: true, reply: { body: fixture('new-relic', 'user-query.json') } },
    { route: 'POST /graphql', operation: 'userManagementDeleteUser', reply: { body: fixture('new-relic', 'delete-user.json') } },
  ],
  owner: {
    route: 'POST /graphql',
    operation: 'actor { user {',
    someoneElse: { body: fixture('new-relic', 'actor-user.json') },
    theTarget: { body: { data: { actor: { user: { id: Number(ID), email: 'jane.doe@example.com', name: 'Jane Doe' } } } } },
  },
  rateLimited: { status: 429, body: { errors: [{ message: 'Too many requests', extensions: { errorClass: 'TOO_MANY_REQUESTS' } }] } },
  // No such user: the user query answers the domain with no matching user.
  notFound: { body: empty },
  unauthorized: { status: 401, body: { errors: [{ message: 'Invalid API key', extensions: { errorClass: 'UNAUTHORIZED' } }] } },
});
