import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = 'usrogvSbotRtzdtZW';

export const scenario: Scenario = {
  slug: 'airtable-scim',
  account: (u) => ({
    integration: 'airtable-scim',
    credentials: { method: 'personal_access_token', apiToken: 'patParityAirtable.0123456789abcdef' },
    baseUrl: `${u}/airtable-scim`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f.on(`GET /airtable-scim/Users/${ID}`, { body: fixture('airtable-scim', 'user.json') }).on(`DELETE /airtable-scim/Users/${ID}`, { status: 200, body: {} }),
};
