import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

/** NerdGraph has one endpoint: each answer is picked by the operation in the GraphQL document. */
export const scenario: Scenario = {
  slug: 'new-relic',
  account: (u) => ({ integration: 'new-relic', credentials: { method: 'user_api_key', apiKey: 'NRAK-PARITY000000000000000000000' }, baseUrl: `${u}/newrelic/graphql` }),
  id: '1001234567',
  restQuery: '',
  isOwnerLookup: (req) => req.rawBody.includes('actor { user {'),
  routes: (f) =>
    f.on('POST /newrelic/graphql', (req) => {
      if (req.rawBody.includes('userManagementDeleteUser')) return { body: fixture('new-relic', 'delete-user.json') };
      if (req.rawBody.includes('actor { user {')) return { body: fixture('new-relic', 'actor-user.json') };
      return { body: fixture('new-relic', 'user-query.json') };
    }),
};
