import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

export const scenario: Scenario = {
  slug: 'dropbox-sign',
  account: (u) => ({ integration: 'dropbox-sign', credentials: { method: 'api_key', apiKey: 'parity-dropbox-sign-key' }, baseUrl: `${u}/hs/v3` }),
  id: 'd3d3d7b98d80b67d07740df7cdfd1f49fa8e2b82',
  restQuery: '',
  routes: (f) =>
    f
      .on('GET /hs/v3/team', { body: fixture('dropbox-sign', 'TeamGetResponse.json') })
      .on('POST /hs/v3/team/remove_member', { status: 201, body: fixture('dropbox-sign', 'TeamRemoveMemberResponse.json') }),
};
