import type { Scenario } from '../helpers/scenarios.js';
import { fixture } from '../helpers/provider.js';

const ID = 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY';
const PERSON = `/webex/v1/people/${ID}`;

export const scenario: Scenario = {
  slug: 'webex',
  account: (u) => ({ integration: 'webex', credentials: { method: 'oauth', accessToken: 'parity-webex-access-token' }, baseUrl: `${u}/webex/v1` }),
  id: ID,
  restQuery: '',
  routes: (f) => f.on(`GET ${PERSON}`, { body: fixture('webex', 'person.json') }).on(`DELETE ${PERSON}`, { status: 204 }),
};
