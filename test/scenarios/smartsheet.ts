import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '48569348493401200';

export const scenario: Scenario = {
  slug: 'smartsheet',
  account: (u) => ({ integration: 'smartsheet', credentials: { method: 'api_token', apiToken: 'parity-smartsheet-token' }, baseUrl: `${u}/smartsheet/2.0` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /smartsheet/2.0/users/${ID}`, { body: fixture('smartsheet', 'user.json') })
      .on(`POST /smartsheet/2.0/users/${ID}/deactivate`, { status: 200, body: { message: 'SUCCESS', resultCode: 0 } }),
};
