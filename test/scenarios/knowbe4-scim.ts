import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '2819c223-7f76-453a-919d-413861904646';

export const scenario: Scenario = {
  slug: 'knowbe4-scim',
  account: (u) => ({
    integration: 'knowbe4-scim',
    credentials: { scimToken: 'parity-knowbe4-scim' },
    context: { host: 'training.knowbe4.com' },
    baseUrl: `${u}/knowbe4-scim`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /knowbe4-scim/Users/${ID}`, { body: fixture('knowbe4-scim', 'user.json') })
      .on(`PATCH /knowbe4-scim/Users/${ID}`, { body: fixture('knowbe4-scim', 'user-archived.json') }),
};
