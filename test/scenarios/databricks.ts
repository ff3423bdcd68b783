import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '8679504224234906';
const USER = `/databricks/api/2.0/preview/scim/v2/Users/${ID}`;

export const scenario: Scenario = {
  slug: 'databricks',
  account: (u) => ({
    integration: 'databricks',
    credentials: { method: 'personal_access_token', apiToken: 'dapiParityDatabricks0123456789' },
    context: { host: 'dbc-a1b2345c-d6e7.cloud.databricks.com' },
    baseUrl: `${u}/databricks/api/2.0`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('databricks', 'workspace-user.json') }).on(`DELETE ${USER}`, { status: 204 }),
};
