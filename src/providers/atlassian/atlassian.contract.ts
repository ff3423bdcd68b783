/** Atlassian under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { atlassian } from './index.js';

const ORG = '9a1bb823-dac8-423d-bb01-63315f059cb2';
const DIR = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const ID = '5b10ac8d82e05b22cc7d4ef5';
const USER = `/admin/v2/orgs/${ORG}/directories/${DIR}/users/${ID}`;

export const contract = defineContract({
  provider: atlassian,
  credentials: { method: 'api_key', apiKey: 'contract-atlassian-org-api-key' },
  context: { orgId: ORG, directoryId: DIR },
  id: ID,
  happy: [
    { route: `GET ${USER}`, reply: { body: fixture('atlassian', 'user.json') } },
    { route: `DELETE ${USER}`, reply: { status: 204 } },
  ],
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ status: '429', title: 'Too Many Requests' }] } },
  notFound: { status: 404, body: fixture('atlassian', 'error-404.json') },
  unauthorized: { status: 401, body: fixture('atlassian', 'error-401.json') },
  container: { kind: 'organization', id: ORG },
});
