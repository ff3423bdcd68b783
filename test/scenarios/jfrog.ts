import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const USER = '/jfrog/access/api/v2/users/jane.doe';

export const scenario: Scenario = {
  slug: 'jfrog',
  account: (u) => ({ integration: 'jfrog', credentials: { method: 'access_token', accessToken: 'parity-jfrog-token' }, context: { subdomain: 'acme' }, baseUrl: `${u}/jfrog` }),
  id: 'jane.doe',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('jfrog', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
