import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '01234567-89ab-cdef-0123-456789abcdef';

export const scenario: Scenario = {
  slug: 'heroku',
  account: (u) => ({ integration: 'heroku', credentials: { method: 'api_key', apiKey: 'parity-heroku-api-key' }, baseUrl: `${u}/heroku` }),
  id: ID,
  input: { groupId: 'example' },
  restQuery: 'group_id=example',
  routes: (f) =>
    f
      .on('GET /heroku/teams/example/members', { body: fixture('heroku', 'team-members.json') })
      .on(`DELETE /heroku/teams/example/members/${ID}`, { body: (fixture('heroku', 'team-members.json') as unknown[])[0] }),
};
