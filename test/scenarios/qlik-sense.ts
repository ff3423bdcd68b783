import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '62716ab404a7bd8626af9bd6';
const USER = `/qlik/api/v1/users/${ID}`;

export const scenario: Scenario = {
  slug: 'qlik-sense',
  account: (u) => ({
    integration: 'qlik-sense',
    credentials: { method: 'api_key', apiKey: 'parityQlikApiKey0123456789' },
    context: { host: 'acme.eu.qlikcloud.com' },
    baseUrl: `${u}/qlik`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('qlik-sense', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
