import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '42';
const USER = `/looker/api/4.0/users/${ID}`;

export const scenario: Scenario = {
  slug: 'looker',
  account: (u) => ({
    integration: 'looker',
    credentials: { method: 'api_key', clientId: 'parityLookerClientId', clientSecret: 'parityLookerClientSecret', accessToken: 'parityLookerAccessToken0123' },
    context: { host: 'acme.cloud.looker.com' },
    baseUrl: `${u}/looker/api/4.0`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('looker', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
