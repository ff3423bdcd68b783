import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '005D0000001KyEIIA0';
const USER = `/salesforce/services/data/v61.0/sobjects/User/${ID}`;

export const scenario: Scenario = {
  slug: 'salesforce',
  account: (u) => ({
    integration: 'salesforce',
    credentials: { method: 'oauth', accessToken: 'parity-salesforce-token' },
    context: { host: 'acme.my.salesforce.com' },
    baseUrl: `${u}/salesforce/services/data/v61.0`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('salesforce', 'user.json') }).on(`PATCH ${USER}`, { status: 204 }),
};
