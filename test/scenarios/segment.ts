import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'sgJDWk3K21k6LE3tLU9nRK';

export const scenario: Scenario = {
  slug: 'segment',
  account: (u) => ({ integration: 'segment', credentials: { method: 'api_token', apiToken: 'parity-segment-token' }, context: { host: 'eu1.api.segmentapis.com' }, baseUrl: `${u}/segment` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /segment/users/${ID}`, { body: fixture('segment', 'user.json') })
      .on('GET /segment/', { body: fixture('segment', 'workspace.json') })
      .on('DELETE /segment/users', { body: { data: { status: 'SUCCESS' } } }),
};
