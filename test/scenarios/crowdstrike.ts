import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '4d6f6b3e-2a1c-4f0e-9b8d-7c6e5f4a3b2c';

export const scenario: Scenario = {
  slug: 'crowdstrike',
  account: (u) => ({
    integration: 'crowdstrike',
    credentials: { method: 'client_credentials', clientId: 'parity-falcon-client', clientSecret: 'parity-falcon-secret', accessToken: 'parity-falcon-access', expiresAt: '2999-01-01T00:00:00Z' },
    context: { host: 'api.eu-1.crowdstrike.com' },
    baseUrl: `${u}/cs`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on('GET /cs/users/entities/users/v1', { body: fixture('crowdstrike', 'user.json') })
      .on('DELETE /cs/user-management/entities/users/v1', { body: { meta: {}, errors: [], resources: [] } }),
};
