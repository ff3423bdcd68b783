import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const USER = '/auth0/api/v2/users/auth0%7C507f1f77bcf86cd799439020';

export const scenario: Scenario = {
  slug: 'auth0',
  account: (u) => ({
    integration: 'auth0',
    credentials: { method: 'api_token', apiToken: 'eyJ.parity-auth0-management-token' },
    context: { domain: 'acme.us.auth0.com' },
    baseUrl: `${u}/auth0/api/v2`,
  }),
  id: 'auth0|507f1f77bcf86cd799439020',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('auth0', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
