import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '3074457365265951581';

export const scenario: Scenario = {
  slug: 'miro-scim',
  account: (u) => ({ integration: 'miro-scim', credentials: { scimToken: 'parity-miro-scim-token' }, baseUrl: `${u}/miro-scim` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET /miro-scim/Users/${ID}`, { body: fixture('miro-scim', 'user.json') }).on(`DELETE /miro-scim/Users/${ID}`, { status: 204 }),
};
