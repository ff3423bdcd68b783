import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const SITE = '82974409';
const ID = '78972699';

export const scenario: Scenario = {
  slug: 'wordpress',
  account: (u) => ({ integration: 'wordpress', credentials: { method: 'oauth', accessToken: 'parity-wpcom-token' }, baseUrl: `${u}/wpcom/rest/v1.1` }),
  id: ID,
  input: { workspace: SITE },
  restQuery: `workspace=${SITE}`,
  routes: (f) =>
    f
      .on(`GET /wpcom/rest/v1.1/sites/${SITE}/users/${ID}`, { body: fixture('wordpress', 'user.json') })
      .on(`GET /wpcom/rest/v1.1/sites/${SITE}`, { body: fixture('wordpress', 'site.json') })
      .on(`POST /wpcom/rest/v1.1/sites/${SITE}/users/${ID}/delete`, { body: { success: true } }),
};
