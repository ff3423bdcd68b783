import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'PXPGF42';

export const scenario: Scenario = {
  slug: 'pagerduty',
  account: (u) => ({ integration: 'pagerduty', credentials: { method: 'user_api_token', apiToken: 'parity-pd-user-key' }, baseUrl: `${u}/pd` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET /pd/users/${ID}`, { body: fixture('pagerduty', 'user.json') }).on(`DELETE /pd/users/${ID}`, { status: 204 }),
};
