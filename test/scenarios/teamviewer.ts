import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'u1234567';

export const scenario: Scenario = {
  slug: 'teamviewer',
  account: (u) => ({ integration: 'teamviewer', credentials: { method: 'script_token', scriptToken: 'parity-teamviewer-token' }, baseUrl: `${u}/tv/api/v1` }),
  id: ID,
  input: { permanent: true },
  restQuery: 'permanent=true',
  routes: (f) => f.on(`GET /tv/api/v1/users/${ID}`, { body: fixture('teamviewer', 'user.json') }).on(`DELETE /tv/api/v1/users/${ID}`, { status: 204 }),
};
