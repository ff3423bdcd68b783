/** Asana under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { asana, type AsanaUser, type AsanaWorkspaceMembership } from './index.js';

const user = fixture<{ data: AsanaUser }>('asana', 'user.json');
const memberships = fixture<{ data: AsanaWorkspaceMembership[]; next_page: null }>('asana', 'workspace-memberships.json');
const GID = user.data.gid;
const WORKSPACE = '67890';
const BASE = '/api/1.0';
// As the real client encodes them (URLSearchParams: ',' → %2C).
const USER_QUERY = 'opt_fields=gid%2Cname%2Cemail%2Cphoto%2Cworkspaces%2Cworkspaces.name';
const MEMBERSHIP_QUERY = 'opt_fields=is_active%2Cis_admin%2Cis_guest%2Cworkspace%2Cworkspace.name&limit=100';
const admin = { data: { gid: '98765', resource_type: 'user', name: 'Workspace Admin', email: 'admin@example.com' } };

export const contract = defineContract({
  provider: asana,
  credentials: { method: 'service_account', token: '2/1111111111111111/3333333333333333:contractServiceAccount' },
  basePath: BASE,
  id: GID,
  params: { removeFrom: 'ORGANIZATION', removeFromId: WORKSPACE },
  happy: [
    { route: `GET ${BASE}/users/${GID}`, query: USER_QUERY, reply: { body: user } },
    { route: `GET ${BASE}/users/${GID}/workspace_memberships`, query: MEMBERSHIP_QUERY, reply: { body: memberships } },
    // removeUserForWorkspace: 204 with {"data":{}} per the OpenAPI description.
    { route: `POST ${BASE}/workspaces/${WORKSPACE}/removeUser`, reply: { status: 204 } },
  ],
  owner: {
    route: `GET ${BASE}/users/me`,
    query: 'opt_fields=gid%2Cemail%2Cname',
    someoneElse: { body: admin },
    theTarget: { body: { data: { gid: GID, resource_type: 'user', name: 'Greg Sanchez', email: 'gsanchez@example.com' } } },
  },
  // https://developers.asana.com/docs/rate-limits: 429 with Retry-After (seconds).
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '0' },
    body: { errors: [{ message: "You've made too many requests and hit a rate limit. Please retry after the given amount of time." }] },
  },
  notFound: { status: 404, body: { errors: [{ message: `user: Unknown object: ${GID}`, help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors' }] } },
  unauthorized: { status: 401, body: { errors: [{ message: 'Not Authorized' }] } },
  container: { kind: 'workspace', id: WORKSPACE },
});
