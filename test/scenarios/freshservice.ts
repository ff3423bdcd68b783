import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '10000000011';
const AGENT = `/freshservice/api/v2/agents/${ID}`;

export const scenario: Scenario = {
  slug: 'freshservice',
  account: (u) => ({ integration: 'freshservice', credentials: { method: 'api_key', apiKey: 'parity-freshservice-key' }, context: { subdomain: 'acme' }, baseUrl: `${u}/freshservice/api/v2` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${AGENT}`, { body: fixture('freshservice', 'agent.json') }).on(`DELETE ${AGENT}`, { status: 204 }),
};
