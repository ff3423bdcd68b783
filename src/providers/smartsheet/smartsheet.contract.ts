/** Smartsheet under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { smartsheet, type SmartsheetUser } from './index.js';

const user = fixture<SmartsheetUser>('smartsheet', 'user.json');
const ID = '48569348493401200';
const BASE = '/2.0';
const admin: SmartsheetUser = { id: 1234567890123456, email: 'admin@smartsheet.com', firstName: 'System', lastName: 'Admin' };

export const contract = defineContract({
  provider: smartsheet,
  credentials: { method: 'api_token', apiToken: 'll352u9jujauoqz4gstvsae05' },
  basePath: BASE,
  id: ID,
  happy: [
    { route: `GET ${BASE}/users/${ID}`, reply: { body: user } },
    // Deactivate user: a Result envelope {"message": "SUCCESS", "resultCode": 0}.
    { route: `POST ${BASE}/users/${ID}/deactivate`, reply: { status: 200, body: { message: 'SUCCESS', resultCode: 0 } } },
  ],
  owner: {
    route: `GET ${BASE}/users/me`,
    someoneElse: { body: admin },
    theTarget: { body: { id: 4583173393803140, email: 'john.doe@smartsheet.com' } },
  },
  // 429 with errorCode 4003 (no Retry-After documented: backoff); Retry-After 0 here only keeps the contract instant.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errorCode: 4003, message: 'Rate limit exceeded.', refId: 'x1y2z3' } },
  notFound: { status: 404, body: { errorCode: 1006, message: 'Not Found', refId: '1qa2ws3ed' } },
  unauthorized: { status: 401, body: { errorCode: 1002, message: 'Your Access Token is invalid.', refId: '123abc' } },
});
