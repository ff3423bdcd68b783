/** Looker under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { looker, type LookerUser } from './index.js';

const user = fixture<LookerUser>('looker', 'user.json');
const ID = user.id;
const admin: LookerUser = { ...user, id: '1', email: 'admin@acme.com', first_name: 'Ada', last_name: 'Admin', display_name: 'Ada Admin', credentials_email: { email: 'admin@acme.com' } };

export const contract = defineContract({
  provider: looker,
  // The session token acquired at /login is stored as accessToken.
  credentials: { method: 'api_key', clientId: 'CGc9B7v7J48dQSJvxxx', clientSecret: 'nNVS9cSS3xNpSC9JdsBvvvvv', accessToken: '4QDkCyCtZzYgj4C2p2cj3csJH7zqS5RzKs2kTnG4' },
  context: { host: 'acme.cloud.looker.com' },
  basePath: '/api/4.0',
  id: ID,
  happy: [
    // methods/User/user, then methods/User/delete_user ("204: User successfully deleted.").
    { route: `GET /api/4.0/users/${ID}`, reply: { body: user } },
    { route: `DELETE /api/4.0/users/${ID}`, reply: { status: 204 } },
  ],
  // methods/User/me
  owner: { route: 'GET /api/4.0/user', someoneElse: { body: admin }, theTarget: { body: user } },
  // 429 "Too Many Requests" with the Error schema; no reset header is documented.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests', documentation_url: 'https://cloud.google.com/looker/docs/' } },
  notFound: { status: 404, body: { message: 'Not found', documentation_url: 'https://cloud.google.com/looker/docs/' } },
  unauthorized: { status: 401, body: { message: 'Requires authentication.', documentation_url: 'https://cloud.google.com/looker/docs/' } },
});
