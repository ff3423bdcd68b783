/** DocuSign under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { docusign } from './index.js';

const ACCOUNT = 'f0f1e2d3-c4b5-a697-8879-6a5b4c3d2e1f';
const ID = '4c5a1ab6-0b9e-4d3a-8e54-2f1a0c6c1f3e';

export const contract = defineContract({
  provider: docusign,
  credentials: { method: 'oauth', accessToken: 'contract-docusign-access-token' },
  context: { host: 'na3.docusign.net', accountId: ACCOUNT },
  basePath: '/restapi/v2.1',
  id: ID,
  happy: [
    { route: `GET /restapi/v2.1/accounts/${ACCOUNT}/users/${ID}`, reply: { body: fixture('docusign', 'user.json') } },
    { route: `DELETE /restapi/v2.1/accounts/${ACCOUNT}/users`, reply: { body: fixture('docusign', 'users-closed.json') } },
  ],
  owner: { route: 'GET /oauth/userinfo', someoneElse: { body: fixture('docusign', 'userinfo.json') }, theTarget: { body: { ...fixture<Record<string, unknown>>('docusign', 'userinfo.json'), sub: ID, email: 'ada.lovelace@example.com' } } },
  // https://developers.docusign.com/platform/account/api-resource-limits/: 429 with X-RateLimit-Reset (epoch seconds).
  rateLimited: { status: 429, headers: { 'x-ratelimit-reset': '0', 'x-ratelimit-remaining': '0' }, body: { errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of hourly API invocations has been exceeded.' } },
  notFound: { status: 400, body: { errorCode: 'USER_DOES_NOT_EXIST_IN_SYSTEM', message: 'The UserID does not exist in the system.' } },
  unauthorized: { status: 401, body: { errorCode: 'USER_AUTHENTICATION_FAILED', message: 'One or both of Username and Password are invalid. Invalid access token' } },
});
