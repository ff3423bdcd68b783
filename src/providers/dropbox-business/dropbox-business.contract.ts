/** Dropbox - Business under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { dropboxBusiness, type DropboxMember } from './index.js';

const info = fixture<{ members_info: Array<DropboxMember & { '.tag': string }> }>('dropbox-business', 'get-info.json');
const admin = fixture<{ admin_profile: Record<string, unknown> }>('dropbox-business', 'authenticated-admin.json');
const ID = info.members_info[0]!.profile.team_member_id;
const BASE = '/2';

export const contract = defineContract({
  provider: dropboxBusiness,
  credentials: { method: 'oauth', accessToken: 'dropbox-contract-access-token' },
  basePath: BASE,
  id: ID,
  happy: [
    { route: `POST ${BASE}/team/members/get_info_v2`, reply: { body: info } },
    { route: `POST ${BASE}/team/members/remove`, reply: { body: { '.tag': 'complete' } } },
  ],
  owner: {
    route: `POST ${BASE}/team/token/get_authenticated_admin`,
    someoneElse: { body: admin },
    theTarget: { body: { admin_profile: info.members_info[0]!.profile } },
  },
  // Error handling: 429 with Retry-After and a RateLimitError body.
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '0' },
    body: { error_summary: 'too_many_requests/..', error: { reason: { '.tag': 'too_many_requests' }, retry_after: 0 } },
  },
  // get_info_v2 answers an unknown member with a 200 and id_not_found.
  notFound: { body: fixture('dropbox-business', 'get-info-not-found.json') },
  unauthorized: { status: 401, body: fixture('dropbox-business', 'error-401.json') },
  notInDocumentedExample: {},
});
