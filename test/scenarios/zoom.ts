import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'KDcuGIm1QgePTO8WbOqwIQ';
const USER = `/zoom/v2/users/${ID}`;

export const scenario: Scenario = {
  slug: 'zoom',
  account: (u) => ({
    integration: 'zoom',
    credentials: { method: 'server_to_server', accountId: 'q6gBJVO5TzexKYTb_I2rpg', clientId: 'parity-zoom-client', clientSecret: 'parity-zoom-secret', accessToken: 'parity-zoom-access-token' },
    baseUrl: `${u}/zoom/v2`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('zoom', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
