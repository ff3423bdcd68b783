import { fixture } from '../helpers/provider.js';
import type { Scenario } from '../helpers/scenarios.js';

const BASE = '/marketo/userservice/management/v1/users/jamie%40houselannister.com';

export const scenario: Scenario = {
  slug: 'adobe-marketo-engage',
  account: (u) => ({
    integration: 'adobe-marketo-engage',
    credentials: { method: 'client_credentials', clientId: 'parity-mkto-client', clientSecret: 'parity-mkto-secret', accessToken: 'parity-mkto-token:int' },
    context: { munchkinId: '284-RPR-133' },
    baseUrl: `${u}/marketo`,
  }),
  id: 'jamie@houselannister.com',
  restQuery: '',
  routes: (f) => f.on(`GET ${BASE}/user.json`, { body: fixture('adobe-marketo-engage', 'user.json') }).on(`POST ${BASE}/delete.json`, { status: 200 }),
};
