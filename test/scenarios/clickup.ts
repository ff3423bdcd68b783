import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '81942673';
const TEAM = '9011234567';

export const scenario: Scenario = {
  slug: 'clickup',
  account: (u) => ({ integration: 'clickup', credentials: { method: 'api_token', apiToken: 'pk_parity_clickup' }, baseUrl: `${u}/clickup/api/v2` }),
  id: ID,
  input: { organizationId: TEAM },
  restQuery: `organization_id=${TEAM}`,
  routes: (f) =>
    f.on(`GET /clickup/api/v2/team/${TEAM}/user/${ID}`, { body: fixture('clickup', 'member.json') }).on(`DELETE /clickup/api/v2/team/${TEAM}/user/${ID}`, { status: 200, body: {} }),
};
