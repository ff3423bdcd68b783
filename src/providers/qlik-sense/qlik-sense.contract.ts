/** Qlik Sense (Qlik Cloud) under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { qlikSense, type QlikUser } from './index.js';

const user = fixture<QlikUser>('qlik-sense', 'user.json');
const ID = user.id;
const admin: QlikUser = { ...user, id: '5f9a1c2b3d4e5f6a7b8c9d0e', name: 'Tenant Admin', email: 'admin@corp.example', subject: 'auth0|admin' };

export const contract = defineContract({
  provider: qlikSense,
  credentials: { method: 'api_key', apiKey: 'eyJhbGciOiJFUzM4NCIsImtpZCI6ImNvbnRyYWN0In0.contract.key' },
  context: { host: 'acme.eu.qlikcloud.com' },
  id: ID,
  happy: [
    { route: `GET /api/v1/users/${ID}`, reply: { body: user } },
    { route: `DELETE /api/v1/users/${ID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /api/v1/users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  // https://qlik.dev/apis/rest/rate-limiting/: 429, Retry-After in seconds, an HTTP-429 error.
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '0' },
    body: { errors: [{ code: 'HTTP-429', title: 'API rate limit reached.', detail: 'You need to wait 0 seconds until limit is lifted.' }] },
  },
  // The Errors example of the Users API.
  notFound: { status: 404, body: { errors: [{ code: 'USERS-7', status: 404, title: 'Not found' }], traceId: '000000000000000079cf1ebeae103de1' } },
  unauthorized: { status: 401, body: { errors: [{ code: 'HTTP-401', status: 401, title: 'Unauthorized' }], traceId: '000000000000000079cf1ebeae103de2' } },
});
