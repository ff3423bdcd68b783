import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = '1';
const USER = `/outreach/api/v2/users/${ID}`;
const user = fixture<{ data: { attributes: Record<string, unknown> } }>('outreach', 'user.json');

export const scenario: Scenario = {
  slug: 'outreach',
  account: (u) => ({ integration: 'outreach', credentials: { method: 'oauth', accessToken: 'parity-outreach-token' }, baseUrl: `${u}/outreach/api/v2` }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f.on(`GET ${USER}`, { body: user }).on(`PATCH ${USER}`, { body: { data: { ...user.data, attributes: { ...user.data.attributes, locked: true } } } }),
};
