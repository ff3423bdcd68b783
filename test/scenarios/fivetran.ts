import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'nominee_warrior';

export const scenario: Scenario = {
  slug: 'fivetran',
  account: (u) => ({ integration: 'fivetran', credentials: { method: 'api_key', apiKey: 'parityFivetranKey', apiSecret: 'parityFivetranSecret' }, baseUrl: `${u}/fivetran/v1` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET /fivetran/v1/users/${ID}`, { body: fixture('fivetran', 'user.json') })
      .on(`DELETE /fivetran/v1/users/${ID}`, { status: 200, body: { code: 'Success', message: `User with id '${ID}' has been deleted` } }),
};
