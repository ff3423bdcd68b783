import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '238765';

export const scenario: Scenario = {
  slug: 'teamwork-project-management',
  account: (u) => ({
    integration: 'teamwork-project-management',
    credentials: { method: 'api_key', apiKey: 'parity-teamwork-key' },
    context: { host: 'acme.teamwork.com' },
    baseUrl: `${u}/teamwork-pm`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /teamwork-pm/projects/api/v3/people/${ID}.json`, { body: fixture('teamwork-project-management', 'person.json') })
      .on(`DELETE /teamwork-pm/people/${ID}.json`, { status: 200, body: { STATUS: 'OK' } }),
};
