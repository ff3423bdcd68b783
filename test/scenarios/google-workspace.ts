import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '115834185437629468913';
const USERS = '/google-workspace/admin/directory/v1/users';

export const scenario: Scenario = {
  slug: 'google-workspace',
  account: (u) => ({ integration: 'google-workspace', credentials: { method: 'oauth', accessToken: 'ya29.parity-google-token' }, baseUrl: `${u}/google-workspace` }),
  id: 'liz@example.com',
  restQuery: '',
  routes: (f) => f.on(`GET ${USERS}/liz%40example.com`, { body: fixture('google-workspace', 'user.json') }).on(`DELETE ${USERS}/${ID}`, { status: 204 }),
};
