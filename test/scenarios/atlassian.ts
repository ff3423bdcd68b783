import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ORG = '9a1bb823-dac8-423d-bb01-63315f059cb2';
const DIR = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const USER = `/atlassian/admin/v2/orgs/${ORG}/directories/${DIR}/users/5b10ac8d82e05b22cc7d4ef5`;

export const scenario: Scenario = {
  slug: 'atlassian',
  account: (u) => ({
    integration: 'atlassian',
    credentials: { method: 'api_key', apiKey: 'parity-atlassian-key' },
    context: { orgId: ORG, directoryId: DIR },
    baseUrl: `${u}/atlassian`,
  }),
  id: '5b10ac8d82e05b22cc7d4ef5',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('atlassian', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
