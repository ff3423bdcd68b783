import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const ID = '4536bcfad5faccb111b47003c79917fa';
const MEMBER = `/cf/client/v4/accounts/${ACCOUNT}/members/${ID}`;

export const scenario: Scenario = {
  slug: 'cloudflare',
  account: (u) => ({
    integration: 'cloudflare',
    credentials: { method: 'api_token', apiToken: 'parity-cloudflare-token-000' },
    context: { accountId: ACCOUNT },
    baseUrl: `${u}/cf/client/v4`,
  }),
  id: ID,
  restQuery: '',
  routes: (f) =>
    f
      .on(`GET ${MEMBER}`, { body: fixture('cloudflare', 'member.json') })
      .on(`DELETE ${MEMBER}`, { body: { errors: [], messages: [], success: true, result: { id: ID } } }),
};
