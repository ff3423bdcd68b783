import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'u-02ab3c';

export const scenario: Scenario = {
  slug: 'confluent',
  account: (u) => ({ integration: 'confluent', credentials: { method: 'cloud_api_key', apiKey: 'PARITYKEY0001', apiSecret: 'parity-confluent-secret' }, baseUrl: `${u}/confluent` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET /confluent/iam/v2/users/${ID}`, { body: fixture('confluent', 'user.json') }).on(`DELETE /confluent/iam/v2/users/${ID}`, { status: 204 }),
};
