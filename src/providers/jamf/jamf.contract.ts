/** Jamf under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { jamf } from './index.js';

const me = fixture<{ account: Record<string, unknown> }>('jamf', 'auth-me.json');

export const contract = defineContract({
  provider: jamf,
  // A user account's session (token already issued): its owner is read from /api/v1/auth.
  credentials: { method: 'user_token', username: 'admin', password: 'contract-jamf-password', accessToken: 'contract-jamf-session-token' },
  context: { host: 'acme.jamfcloud.com' },
  id: '7',
  happy: [
    { route: 'GET /JSSResource/accounts/userid/7', reply: { body: fixture('jamf', 'account.json') } },
    { route: 'DELETE /JSSResource/accounts/userid/7', reply: { status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><account><id>7</id></account>', headers: { 'content-type': 'application/xml' } } },
  ],
  owner: { route: 'GET /api/v1/auth', someoneElse: { body: me }, theTarget: { body: { ...me, account: { ...me.account, id: '7', username: 'jsmith', email: 'jane.smith@example.com' } } } },
  // No documented rate-limit answer: a plain 429 with Retry-After.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, text: 'Too Many Requests' },
  notFound: { status: 404, text: '<html><body><p>Not Found</p><p>The server has not found anything matching the request URI</p></body></html>', headers: { 'content-type': 'text/html' } },
  unauthorized: { status: 401, text: '<html><body><p>Unauthorized</p></body></html>', headers: { 'content-type': 'text/html' } },
});
