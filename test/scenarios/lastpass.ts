import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

export const scenario: Scenario = {
  slug: 'lastpass',
  account: (u) => ({ integration: 'lastpass', credentials: { method: 'provisioning_hash', companyId: '12345678', provisioningHash: 'parity-lastpass-provhash' }, baseUrl: `${u}/lp` }),
  id: 'user1@lastpass.com',
  restQuery: '',
  routes: (f) => f.on('POST /lp/enterpriseapi.php', { body: fixture('lastpass', 'getuserdata.json') }, { body: { status: 'OK' } }),
};
