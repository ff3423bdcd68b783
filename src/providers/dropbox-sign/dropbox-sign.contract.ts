/** Dropbox Sign under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { dropboxSign } from './index.js';

const team = fixture('dropbox-sign', 'TeamGetResponse.json');
const admin = fixture('dropbox-sign', 'AccountGetResponse.json');
const ID = 'd3d3d7b98d80b67d07740df7cdfd1f49fa8e2b82';
const target = { account: { account_id: ID, email_address: 'teammate@dropboxsign.com', is_locked: false, is_paid_hs: true, is_paid_hf: false, role_code: 'm' } };

export const contract = defineContract({
  provider: dropboxSign,
  credentials: { method: 'api_key', apiKey: 'contract-dropbox-sign-api-key' },
  basePath: '/v3',
  id: ID,
  happy: [
    { route: 'GET /v3/team', reply: { body: team } },
    { route: 'POST /v3/team/remove_member', reply: { status: 201, body: fixture('dropbox-sign', 'TeamRemoveMemberResponse.json') } },
  ],
  owner: { route: 'GET /v3/account', someoneElse: { body: admin }, theTarget: { body: target } },
  container: { kind: 'group', id: 'Team Dropbox Sign' },
  rateLimited: { status: 429, headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: fixture('dropbox-sign', 'Error429Response.json') },
  notFound: { status: 404, body: fixture('dropbox-sign', 'Error404Response.json') },
  unauthorized: { status: 401, body: fixture('dropbox-sign', 'Error401Response.json') },
  notInDocumentedExample: {
    languages: 'TeamGetResponse.json lists accounts without `locale`; AccountResponse has it (nullable)',
  },
});
