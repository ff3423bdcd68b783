import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const USER = '/datadog/api/v2/users/00000000-0000-1234-0000-000000000000';

export const scenario: Scenario = {
  slug: 'datadog',
  account: (u) => ({
    integration: 'datadog',
    credentials: { method: 'api_key', apiKey: 'parity-dd-api-key', applicationKey: 'parity-dd-app-key' },
    context: { site: 'us5.datadoghq.com' },
    baseUrl: `${u}/datadog`,
  }),
  id: '00000000-0000-1234-0000-000000000000',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('datadog', 'user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
