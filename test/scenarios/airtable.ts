import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const ENT = 'entUBq2RGdihxl3vU';
const USER = `/airtable/v0/meta/enterpriseAccounts/${ENT}/users/usrsOEchC9xuwRgKk`;

export const scenario: Scenario = {
  slug: 'airtable',
  account: (u) => ({
    integration: 'airtable',
    credentials: { method: 'personal_access_token', apiToken: 'patParity.0123456789' },
    context: { enterpriseAccountId: ENT },
    baseUrl: `${u}/airtable/v0`,
  }),
  id: 'usrsOEchC9xuwRgKk',
  restQuery: '',
  routes: (f) => f.on(`GET ${USER}`, { body: fixture('airtable', 'user.json') }).on(`DELETE ${USER}`, { status: 200, text: '' }),
};
