/** JumpCloud under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { jumpcloud, type JumpCloudUser } from './index.js';

const user = fixture<JumpCloudUser>('jumpcloud', 'user.json');
const USER_PATH = `/api/systemusers/${user._id}`;

export const contract = defineContract({
  provider: jumpcloud,
  credentials: { method: 'api_key', apiKey: 'jc-contract-api-key-0123456789abcdef' },
  basePath: '/api',
  id: user._id,
  happy: [
    { route: `GET ${USER_PATH}`, reply: { body: user } },
    // User_Delete: 200 with the deleted systemuserreturn.
    { route: `DELETE ${USER_PATH}`, reply: { status: 200, body: user } },
  ],
  // https://jumpcloud.com/support/best-practices-jumpcloud-api: 429, no documented reset header.
  rateLimited: { status: 429, body: { code: 429, message: 'Too Many Requests', status: 'Too Many Requests' } },
  notFound: { status: 404, body: fixture('jumpcloud', 'error-404.json') },
  unauthorized: { status: 401, body: { code: 401, message: 'Unauthorized', status: 'Unauthorized' } },
});
