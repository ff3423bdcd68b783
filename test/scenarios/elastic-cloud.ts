import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ORG = '1234567890';
const ID = '1718293645';

export const scenario: Scenario = {
  slug: 'elastic-cloud',
  account: (u) => ({ integration: 'elastic-cloud', credentials: { method: 'api_key', apiKey: 'parity-elastic-cloud-key' }, baseUrl: `${u}/ec/api/v1` }),
  id: ID,
  input: { organizationId: ORG },
  restQuery: `organization_id=${ORG}`,
  routes: (f) =>
    f
      .on(`GET /ec/api/v1/organizations/${ORG}/members`, { body: fixture('elastic-cloud', 'members.json') })
      .on(`DELETE /ec/api/v1/organizations/${ORG}/members/${ID}`, { status: 200, body: {} }),
};
