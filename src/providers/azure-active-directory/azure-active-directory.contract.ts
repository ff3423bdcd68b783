/**
 * Azure Active Directory under the generic provider contract (test/provider-contract.test.ts).
 * The scenario uses the delegated (`oauth`) method, whose token acts as a signed-in user named by
 * GET /me; app-only tokens act as no user (see the provider test).
 */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { azureActiveDirectory, ROLE_SELECT, USER_SELECT, type AzureUser } from './index.js';

const user = fixture<AzureUser>('azure-active-directory', 'user.json');
const OID = user.id;
const admin = { id: '5a5b5c5d-0000-4000-8000-00000000abcd', userPrincipalName: 'it-admin@contoso.com', mail: 'it-admin@contoso.com' };
const me = { id: OID, userPrincipalName: user.userPrincipalName, mail: user.mail };

export const contract = defineContract({
  provider: azureActiveDirectory,
  credentials: { method: 'oauth', accessToken: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.contract-delegated.sig' },
  context: { tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
  basePath: '/v1.0',
  id: OID,
  happy: [
    {
      route: `GET /v1.0/users/${OID}`,
      query: `%24select=${encodeURIComponent(USER_SELECT)}`,
      reply: { body: user },
    },
    { route: `GET /v1.0/users/${OID}/licenseDetails`, reply: { body: fixture('azure-active-directory', 'license-details.json') } },
    {
      route: `GET /v1.0/users/${OID}/memberOf/microsoft.graph.directoryRole`,
      query: `%24select=${encodeURIComponent(ROLE_SELECT)}&%24count=true`,
      reply: { body: fixture('azure-active-directory', 'directory-roles.json') },
    },
    { route: `GET /v1.0/users/${OID}`, query: '%24select=signInActivity', reply: { body: fixture('azure-active-directory', 'sign-in-activity.json') } },
    // DELETE /users/{id}: 204 No Content (user-delete).
    { route: `DELETE /v1.0/users/${OID}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /v1.0/me', query: `%24select=${encodeURIComponent('id,userPrincipalName,mail')}`, someoneElse: { body: admin }, theTarget: { body: me } },
  // https://learn.microsoft.com/en-us/graph/throttling: 429 with Retry-After (seconds).
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests' } } },
  notFound: { status: 404, body: fixture('azure-active-directory', 'error-404.json') },
  unauthorized: {
    status: 401,
    body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience.', innerError: { date: '2024-12-10T17:38:26', 'request-id': '0d2f2e9a-0000-4000-8000-000000000001' } } },
  },
});
