import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const USER = '/files-com/api/rest/v1/users/1234';

export const scenario: Scenario = {
  slug: 'files-com',
  account: (u) => ({
    integration: 'files-com',
    credentials: { method: 'api_key', apiKey: 'parity-files-com-api-key' },
    context: { subdomain: 'acme' },
    baseUrl: `${u}/files-com/api/rest/v1`,
  }),
  id: '1234',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('files-com', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
