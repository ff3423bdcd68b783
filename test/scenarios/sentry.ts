import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const MEMBER = '/sentry/api/0/organizations/antarctica/members/57377908164/';

export const scenario: Scenario = {
  slug: 'sentry',
  account: (u) => ({
    integration: 'sentry',
    credentials: { method: 'auth_token', authToken: 'parity-sentry-token' },
    context: { region: 'de', organizationSlug: 'antarctica' },
    baseUrl: `${u}/sentry/api/0`,
  }),
  id: '57377908164',
  restQuery: '',
  routes: (f) => f.on(`GET ${MEMBER}`, { body: fixture('sentry', 'member.json') }).on(`DELETE ${MEMBER}`, { status: 204 }),
};
