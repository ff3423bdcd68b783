/** Databricks (workspace-level SCIM, the default) under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { databricks } from './index.js';

const user = fixture<ScimUser>('databricks', 'workspace-user.json');
const ID = user.id;
const HOST = 'dbc-a1b2345c-d6e7.cloud.databricks.com';
const USER = `/api/2.0/preview/scim/v2/Users/${ID}`;

export const contract = defineContract({
  provider: databricks,
  credentials: { method: 'personal_access_token', apiToken: 'dapi-contract-0123456789abcdef' },
  context: { host: HOST },
  basePath: '/api/2.0',
  id: ID,
  happy: [
    // https://docs.databricks.com/api/workspace/users/get, then users/delete (an empty object).
    { route: `GET ${USER}`, reply: { body: user } },
    { route: `DELETE ${USER}`, reply: { status: 200, body: {} } },
  ],
  // https://docs.databricks.com/api/workspace/currentuser/me
  owner: {
    route: 'GET /api/2.0/preview/scim/v2/Me',
    someoneElse: { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '4444', userName: 'admin@example.com', emails: [{ value: 'admin@example.com', primary: true }] } },
    theTarget: { body: user },
  },
  container: { kind: 'workspace', id: HOST },
  // A 429 (no rate-limit header is documented for SCIM; Retry-After is honoured where sent).
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, body: fixture('databricks', 'error-404.json') },
  unauthorized: { status: 401, body: { error_code: 401, message: 'Credential was not sent or was of an unsupported type for this API.' } },
});
