import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ORG = '2930418';

export const scenario: Scenario = {
  slug: 'cisco-meraki',
  account: (u) => ({ integration: 'cisco-meraki', credentials: { method: 'api_key', apiKey: 'parity-meraki-api-key' }, baseUrl: `${u}/meraki/api/v1` }),
  id: '212406',
  input: { organizationId: ORG, workspaceId: 'N_24329156' },
  restQuery: `organization_id=${ORG}&workspace_id=N_24329156`,
  routes: (f) =>
    f
      .on(`GET /meraki/api/v1/organizations/${ORG}/admins`, { body: fixture('cisco-meraki', 'admins.json') })
      .on('GET /meraki/api/v1/networks/N_24329156', { body: fixture('cisco-meraki', 'network.json') })
      .on(`DELETE /meraki/api/v1/organizations/${ORG}/admins/212406`, { status: 204 }),
};
