import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ACCOUNT = 'f0f1e2d3-c4b5-a697-8879-6a5b4c3d2e1f';
const ID = '4c5a1ab6-0b9e-4d3a-8e54-2f1a0c6c1f3e';

export const scenario: Scenario = {
  slug: 'docusign',
  account: (u) => ({
    integration: 'docusign',
    credentials: { method: 'oauth', accessToken: 'parity-docusign-token' },
    context: { host: 'na3.docusign.net', accountId: ACCOUNT },
    baseUrl: `${u}/ds/restapi/v2.1`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /ds/restapi/v2.1/accounts/${ACCOUNT}/users/${ID}`, { body: fixture('docusign', 'user.json') })
      .on(`DELETE /ds/restapi/v2.1/accounts/${ACCOUNT}/users`, { body: fixture('docusign', 'users-closed.json') }),
};
