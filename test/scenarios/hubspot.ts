import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '3';
const USER = `/hubspot/settings/v3/users/${ID}`;

export const scenario: Scenario = {
  slug: 'hubspot',
  account: (u) => ({ integration: 'hubspot', credentials: { method: 'private_app', accessToken: 'parity-hubspot-token' }, baseUrl: `${u}/hubspot` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('hubspot', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
