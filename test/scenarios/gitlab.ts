import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const MEMBER = '/gitlab/api/v4/groups/acme%2Fplatform/members/1';

export const scenario: Scenario = {
  slug: 'gitlab',
  account: (u) => ({ integration: 'gitlab', credentials: { method: 'personal_access_token', apiToken: 'glpat-parity-token' }, baseUrl: `${u}/gitlab/api/v4` }),
  id: '1',
  input: { organizationId: 'acme/platform' },
  restQuery: 'organization_id=acme%2Fplatform',
  routes: (f) => f.on(`GET ${MEMBER}`, { body: fixture('gitlab', 'member.json') }).on(`DELETE ${MEMBER}`, { status: 204 }),
};
