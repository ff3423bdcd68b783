import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const OID = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const BASE = '/azure-active-directory/v1.0';

export const scenario: Scenario = {
  slug: 'azure-active-directory',
  account: (u) => ({
    integration: 'azure-active-directory',
    credentials: { method: 'client_credentials', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'parity-app-secret', accessToken: 'eyJ.parity-graph-token' },
    context: { tenant: 'contoso.onmicrosoft.com' },
    baseUrl: `${u}${BASE}`,
  }),
  id: OID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET ${BASE}/users/${OID}`, (r) => ({
        body: r.query.$select === 'signInActivity' ? fixture('azure-active-directory', 'sign-in-activity.json') : fixture('azure-active-directory', 'user.json'),
      }))
      .on(`GET ${BASE}/users/${OID}/licenseDetails`, { body: fixture('azure-active-directory', 'license-details.json') })
      .on(`GET ${BASE}/users/${OID}/memberOf/microsoft.graph.directoryRole`, { body: fixture('azure-active-directory', 'directory-roles.json') })
      .on(`DELETE ${BASE}/users/${OID}`, { status: 204 }),
};
