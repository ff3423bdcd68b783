import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '41235671';

export const scenario: Scenario = {
  slug: 'monday-com-scim',
  account: (u) => ({ integration: 'monday-com-scim', credentials: { scimToken: 'parity-monday-scim' }, context: { subdomain: 'acme' }, baseUrl: `${u}/monday-com-scim` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /monday-com-scim/Users/${ID}`, { body: fixture('monday-com-scim', 'user.json') })
      .on(`PATCH /monday-com-scim/Users/${ID}`, { body: fixture('monday-com-scim', 'user-deactivated.json') }),
};
