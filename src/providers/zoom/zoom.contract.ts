/** Zoom under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { zoom, type ZoomUser } from './index.js';

const user = fixture<ZoomUser>('zoom', 'user.json');
const ID = user.id;
const admin: ZoomUser = { ...user, id: 'z8yCxjabcdEFGhij1234Aa', email: 'admin@example.com', role_name: 'Admin', role_id: '1' };

export const contract = defineContract({
  provider: zoom,
  credentials: { method: 'server_to_server', accountId: 'q6gBJVO5TzexKYTb_I2rpg', clientId: 'contract-zoom-client', clientSecret: 'contract-zoom-secret', accessToken: 'contract-zoom-access-token' },
  basePath: '/v2',
  id: ID,
  happy: [
    { route: `GET /v2/users/${ID}`, reply: { body: user } },
    { route: `DELETE /v2/users/${ID}`, query: 'action=disassociate', reply: { status: 204 } },
  ],
  owner: { route: 'GET /v2/users/me', someoneElse: { body: admin }, theTarget: { body: user } },
  container: { kind: 'organization', id: 'q6gBJVO5TzexKYTb_I2rpg' },
  // https://developers.zoom.us/docs/api/rate-limits/: 429, X-RateLimit-Type, Retry-After on the daily limit.
  rateLimited: { status: 429, headers: { 'x-ratelimit-type': 'QPS', 'retry-after': '0' }, body: { code: 429, message: "You have reached the maximum per-second rate limit for this API. Try again later." } },
  notFound: { status: 404, body: fixture('zoom', 'error-404.json') },
  unauthorized: { status: 401, body: { code: 124, message: 'Invalid access token.' } },
});
