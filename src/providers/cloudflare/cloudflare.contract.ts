/** Cloudflare under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { cloudflare } from './index.js';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const ID = '4536bcfad5faccb111b47003c79917fa';
const me = fixture<{ result: Record<string, unknown> }>('cloudflare', 'user.json');
const member = fixture<{ result: { user: Record<string, unknown> } }>('cloudflare', 'member.json');
const MEMBER = `/client/v4/accounts/${ACCOUNT}/members/${ID}`;

export const contract = defineContract({
  provider: cloudflare,
  credentials: { method: 'api_token', apiToken: 'contract-cloudflare-token-000' },
  context: { accountId: ACCOUNT },
  basePath: '/client/v4',
  id: ID,
  happy: [
    { route: `GET ${MEMBER}`, reply: { body: member } },
    { route: `DELETE ${MEMBER}`, reply: { body: { errors: [], messages: [], success: true, result: { id: ID } } } },
  ],
  owner: {
    route: 'GET /client/v4/user',
    someoneElse: { body: me },
    theTarget: { body: { ...me, result: { ...me.result, id: member.result.user.id, email: member.result.user.email } } },
  },
  container: { kind: 'organization', id: ACCOUNT },
  // https://developers.cloudflare.com/fundamentals/api/reference/limits/: 429 with retry-after (seconds).
  rateLimited: { status: 429, headers: { 'retry-after': '0', ratelimit: '"default";r=0;t=0' }, body: { success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }], messages: [], result: null } },
  notFound: { status: 404, body: fixture('cloudflare', 'error-404.json') },
  unauthorized: { status: 401, body: { success: false, errors: [{ code: 9109, message: 'Invalid access token' }], messages: [], result: null } },
});
