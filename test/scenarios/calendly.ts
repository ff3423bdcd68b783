import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'AAAAAAAAAAAAAAAA';

export const scenario: Scenario = {
  slug: 'calendly',
  account: (u) => ({ integration: 'calendly', credentials: { method: 'personal_access_token', apiToken: 'parity-calendly-pat' }, baseUrl: `${u}/calendly` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /calendly/users/${ID}`, { body: fixture('calendly', 'user.json') })
      .on('GET /calendly/organization_memberships', { body: fixture('calendly', 'memberships.json') })
      .on('DELETE /calendly/organization_memberships/MMMMMMMMMMMMMMMM', { status: 204 }),
};
