import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '2819c223-7f76-453a-919d-413861904646';

export const scenario: Scenario = {
  slug: 'pendo-scim',
  account: (u) => ({
    integration: 'pendo-scim',
    credentials: { apiKey: 'parity-pendo-scim-key' },
    context: { host: 'app.pendo.io', basePath: 'api/scim/v2' },
    baseUrl: `${u}/pendo-scim`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /pendo-scim/Users/${ID}`, { body: fixture('pendo-scim', 'user.json') })
      .on(`PATCH /pendo-scim/Users/${ID}`, { body: fixture('pendo-scim', 'user-deactivated.json') }),
};
