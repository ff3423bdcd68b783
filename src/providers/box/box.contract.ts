/** Box under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { box, USER_FIELDS, type BoxUser } from './index.js';

const user = fixture<BoxUser>('box', 'user.json');
const me = fixture<BoxUser>('box', 'me.json');
const ID = user.id;
const BASE = '/2.0';

export const contract = defineContract({
  provider: box,
  // An OAuth access token (the JWT and CCG methods acquire the same kind of token first).
  credentials: { method: 'oauth', accessToken: 'box-contract-access-token' },
  basePath: BASE,
  id: ID,
  happy: [
    // get-users-id with the snapshot's fields, then delete-users-id (204).
    { route: `GET ${BASE}/users/${ID}`, query: new URLSearchParams({ fields: USER_FIELDS }).toString(), reply: { body: user } },
    { route: `DELETE ${BASE}/users/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: `GET ${BASE}/users/me`, someoneElse: { body: me }, theTarget: { body: user } },
  // Rate limits guide: 429 with retry-after (seconds).
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '0' },
    body: { type: 'error', status: 429, code: 'too_many_requests', message: 'Request rate limit exceeded, please try again later', request_id: 'abcdef123456' },
  },
  notFound: { status: 404, body: fixture('box', 'error-404.json') },
  unauthorized: { status: 401, body: { type: 'error', status: 401, code: 'unauthorized', message: 'Unauthorized', request_id: 'abcdef123456' } },
});
