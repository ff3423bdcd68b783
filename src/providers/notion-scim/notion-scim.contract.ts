/** Notion SCIM under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import type { ScimUser } from '../core/scim.js';
import { notionScim } from './index.js';

const user = fixture<ScimUser>('notion-scim', 'user.json');
const ID = user.id;
const BASE = '/scim/v2';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

export const contract = defineContract({
  provider: notionScim,
  credentials: { method: 'scim_token', token: 'secret_notionContractScimToken0123' },
  basePath: BASE,
  id: ID,
  happy: [
    // https://www.notion.com/help/provision-users-and-groups-with-scim: GET /Users/<id>, then DELETE /Users/<id>.
    { route: `GET ${BASE}/Users/${ID}`, reply: { headers: SCIM_JSON, body: user } },
    { route: `DELETE ${BASE}/Users/${ID}`, reply: { status: 204 } },
  ],
  // The token's workspace: Notion exposes no workspace id through SCIM, and the returned user lists
  // no workspaces (nor a workspace role or group) after the removal.
  container: { kind: 'workspace', id: 'the SCIM token workspace' },
  // Notion documents no SCIM rate-limit answer; a 429 with Retry-After is what is honoured.
  rateLimited: { status: 429, headers: { 'retry-after': '0' } },
  notFound: { status: 404, headers: SCIM_JSON, body: fixture('notion-scim', 'error-404.json') },
  unauthorized: { status: 401, headers: SCIM_JSON, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' } },
});
