import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '5c9a7c2e4f3b8d0012a4b6c1';
const USER = `/jumpcloud/api/systemusers/${ID}`;

export const scenario: Scenario = {
  slug: 'jumpcloud',
  account: (u) => ({
    integration: 'jumpcloud',
    credentials: { method: 'api_key', apiKey: 'jc-parity-api-key-0000000000' },
    context: { host: 'console.eu.jumpcloud.com', orgId: '5a1e2b3c4d5e6f0012345678' },
    baseUrl: `${u}/jumpcloud/api`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('jumpcloud', 'user.json') }).on(`DELETE ${USER}`, { status: 200, body: fixture('jumpcloud', 'user.json') }),
};
