import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '405775fe15ed41872a8eea4c8aa2b38cda9749812cc55c99';

export const scenario: Scenario = {
  slug: 'postman-scim',
  account: (u) => ({ integration: 'postman-scim', credentials: { method: 'api_key', apiKey: 'PMAK-parity-postman' }, baseUrl: `${u}/postman-scim` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /postman-scim/Users/${ID}`, { body: fixture('postman-scim', 'user.json') })
      .on(`PATCH /postman-scim/Users/${ID}`, { body: fixture('postman-scim', 'user-deactivated.json') }),
};
