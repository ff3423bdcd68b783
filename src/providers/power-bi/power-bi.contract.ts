/** Power BI under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { powerBi } from './index.js';

const WS = 'f089354e-8366-4e18-aea3-4cb4a3a50b48';
const LIST = `GET /v1.0/myorg/groups/${WS}/users`;

export const contract = defineContract({
  provider: powerBi,
  credentials: { method: 'service_principal', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'pbi-contract-secret', accessToken: 'eyJ.pbi.contract' },
  context: { tenantId: 'contoso.onmicrosoft.com' },
  basePath: '/v1.0/myorg',
  id: 'Adam@contoso.com',
  params: { workspace: WS },
  happy: [
    // Groups - Get Group Users (the documented example), then Groups - Delete User In Group (200).
    { route: LIST, query: '%24top=1000&%24skip=0', reply: { body: fixture('power-bi', 'group-users.json') } },
    { route: `DELETE /v1.0/myorg/groups/${WS}/users/Adam%40contoso.com`, reply: { status: 200 } },
  ],
  container: { kind: 'workspace', id: WS },
  // Throttling: 429 with Retry-After.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  // The user is not among the workspace's users.
  notFound: { body: { value: [{ displayName: 'John Nick', emailAddress: 'john@contoso.com', groupUserAccessRight: 'Admin', identifier: 'john@contoso.com', principalType: 'User' }] } },
  unauthorized: { status: 401, body: { error: { code: 'TokenExpired', message: 'Access token has expired, resubmit with a new access token' } } },
});
