import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '123';
const USER = `/pipedrive/api/v1/users/${ID}`;
const user = fixture<{ data: Record<string, unknown> }>('pipedrive', 'user.json');

export const scenario: Scenario = {
  slug: 'pipedrive',
  account: (u) => ({ integration: 'pipedrive', credentials: { method: 'api_token', apiToken: 'parity-pipedrive-token' }, context: { subdomain: 'acme' }, baseUrl: `${u}/pipedrive/api/v1` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: user }).on(`PUT ${USER}`, { body: { success: true, data: { ...user.data, active_flag: false } } }),
};
