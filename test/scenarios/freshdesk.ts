import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '432';
const AGENT = `/freshdesk/api/v2/agents/${ID}`;

export const scenario: Scenario = {
  slug: 'freshdesk',
  account: (u) => ({ integration: 'freshdesk', credentials: { method: 'api_key', apiKey: 'parity-freshdesk-key' }, context: { subdomain: 'acme' }, baseUrl: `${u}/freshdesk/api/v2` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${AGENT}`, { body: fixture('freshdesk', 'agent.json') }).on(`DELETE ${AGENT}`, { status: 204 }),
};
