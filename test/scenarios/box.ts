import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const USER = '/box/2.0/users/11446498';

export const scenario: Scenario = {
  slug: 'box',
  account: (u) => ({ integration: 'box', credentials: { method: 'oauth', accessToken: 'parity-box-access-token' }, baseUrl: `${u}/box/2.0` }),
  id: '11446498',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('box', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
