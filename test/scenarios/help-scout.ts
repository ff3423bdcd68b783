import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const USER = '/help-scout/v2/users/4';

export const scenario: Scenario = {
  slug: 'help-scout',
  account: (u) => ({
    integration: 'help-scout',
    credentials: { method: 'client_credentials', clientId: 'parity-hs-app', clientSecret: 'parity-hs-secret', accessToken: 'parity-hs-access-token' },
    baseUrl: `${u}/help-scout/v2`,
  }),
  id: '4',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('help-scout', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
