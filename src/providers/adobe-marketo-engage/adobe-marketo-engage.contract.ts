/** Adobe Marketo Engage under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { adobeMarketoEngage, type MarketoUser } from './index.js';

const user = fixture<MarketoUser>('adobe-marketo-engage', 'user.json');
const BASE = '/userservice/management/v1/users/jamie%40houselannister.com';

export const contract = defineContract({
  provider: adobeMarketoEngage,
  credentials: { method: 'client_credentials', clientId: 'mkto-client-id-0123', clientSecret: 'mkto-client-secret-0123', accessToken: 'cdf01657-110d-4155-99a7-f986b2ff13a0:int' },
  context: { munchkinId: '284-RPR-133' },
  id: user.userid,
  happy: [
    // Get User by Id (the guide's example record), then Delete User (200).
    { route: `GET ${BASE}/user.json`, reply: { body: user } },
    { route: `POST ${BASE}/delete.json`, reply: { status: 200 } },
  ],
  // 606 "Max rate limit … exceeded" in the standard errors array. Marketo sends no Retry-After; the
  // header is added here so the test does not wait the documented 20 seconds.
  rateLimited: { status: 200, headers: { 'retry-after': '0' }, body: { requestId: 'e42b#14272d07d78', success: false, errors: [{ code: '606', message: 'Max rate limit \'100\' exceeded with in \'20\' secs' }] } },
  // The answer for an unknown user is not documented (see index.ts): a 404 with the errors array.
  notFound: { status: 404, body: { errors: [{ code: '610', message: 'Requested resource not found' }] } },
  unauthorized: { status: 401, body: { errors: [{ code: '601', message: 'Access token invalid' }] } },
});
