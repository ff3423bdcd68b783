import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '5835806903417907';
const USER = `/dialpad/api/v2/users/${ID}`;

export const scenario: Scenario = {
  slug: 'dialpad',
  account: (u) => ({ integration: 'dialpad', credentials: { method: 'api_key', apiKey: 'parity-dialpad-api-key' }, baseUrl: `${u}/dialpad/api/v2` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('dialpad', 'user.json') }).on(`DELETE ${USER}`, { body: { ...fixture<Record<string, unknown>>('dialpad', 'user-deleted.json'), id: ID } }),
};
