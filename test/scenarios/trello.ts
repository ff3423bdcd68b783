import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ID = '5abbe4b7ddc1b351ef961414';
const ORG = '5ab5e6fbb07a9b0d3fa8d2b4';

export const scenario: Scenario = {
  slug: 'trello',
  account: (u) => ({ integration: 'trello', credentials: { method: 'api_key', apiKey: 'parity-trello-key', apiToken: 'parity-trello-token' }, baseUrl: `${u}/trello/1` }),
  id: ID,
  input: { organizationId: ORG },
  restQuery: `organization_id=${ORG}`,
  routes: (f) =>
    f.on(`GET /trello/1/members/${ID}`, { body: fixture('trello', 'member.json') }).on(`DELETE /trello/1/organizations/${ORG}/members/${ID}/all`, { status: 200, body: {} }),
};
