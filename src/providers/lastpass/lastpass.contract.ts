/** LastPass under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { lastpass } from './index.js';

export const contract = defineContract({
  provider: lastpass,
  credentials: { method: 'provisioning_hash', companyId: '12345678', provisioningHash: 'contract-lastpass-provhash' },
  id: 'user1@lastpass.com',
  happy: [
    { route: 'POST /enterpriseapi.php', reply: { body: fixture('lastpass', 'getuserdata.json') } },
    { route: 'POST /enterpriseapi.php', reply: { body: { status: 'OK' } } },
  ],
  // No documented rate-limit answer beyond HTTP 429.
  rateLimited: { status: 429, body: { status: 'FAIL', error: ['Too many requests'] } },
  notFound: { body: { Users: [], Groups: [], Invited: [] } },
  unauthorized: { body: { status: 'FAIL', error: ['Authorization Error'] } },
  unsupportedParam: 'organizationId',
  // One POST endpoint: getuserdata is the documented read, every other command a write.
  isRead: (req) => (req.body as { cmd?: unknown } | undefined)?.cmd === 'getuserdata',
});
