/** Cisco Meraki under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { ciscoMeraki } from './index.js';

const ORG = '2930418';

export const contract = defineContract({
  provider: ciscoMeraki,
  credentials: { method: 'api_key', apiKey: 'contract-meraki-api-key-0000' },
  basePath: '/api/v1',
  id: '212406',
  params: { organizationId: ORG, workspaceId: 'N_24329156' },
  happy: [
    { route: `GET /api/v1/organizations/${ORG}/admins`, reply: { body: fixture('cisco-meraki', 'admins.json') } },
    { route: 'GET /api/v1/networks/N_24329156', reply: { body: fixture('cisco-meraki', 'network.json') } },
    { route: `DELETE /api/v1/organizations/${ORG}/admins/212406`, reply: { status: 204 } },
  ],
  owner: {
    route: 'GET /api/v1/administered/identities/me',
    someoneElse: { body: fixture('cisco-meraki', 'identity-me.json') },
    theTarget: { body: { ...fixture<Record<string, unknown>>('cisco-meraki', 'identity-me.json'), name: 'Miles Meraki', email: 'miles@meraki.com' } },
  },
  container: { kind: 'organization', id: ORG },
  // https://developer.cisco.com/meraki/api-v1/rate-limit/: 429 with Retry-After.
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: ['API rate limit exceeded for organization'] } },
  notFound: { status: 404, body: { errors: ['Not found'] } },
  unauthorized: { status: 401, body: { errors: ['Invalid API key'] } },
});
