import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = 'UAFdxab1abC';

export const scenario: Scenario = {
  slug: 'canva',
  account: (u) => ({ integration: 'canva', credentials: { method: 'scim_token', scimToken: 'parity-canva-scim-token' }, baseUrl: `${u}/canva` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /canva/Users/${ID}`, { body: fixture('canva', 'user.json') })
      .on(`PATCH /canva/Users/${ID}`, { body: fixture('canva', 'user-deprovisioned.json') }),
};
