import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

export const scenario: Scenario = {
  slug: 'dropbox-business',
  account: (u) => ({ integration: 'dropbox-business', credentials: { method: 'oauth', accessToken: 'parity-dropbox-access-token' }, baseUrl: `${u}/dropbox/2` }),
  id: 'dbmid:FDFSVF-DFSDF',
  restQuery: '',
  routes: (f) =>
    f
      .on('POST /dropbox/2/team/members/get_info_v2', { body: fixture('dropbox-business', 'get-info.json') })
      .on('POST /dropbox/2/team/members/remove', { body: { '.tag': 'complete' } }),
};
