/** Teamwork Project Management under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { teamworkProjectManagement, type TeamworkPerson } from './index.js';

const person = fixture<{ person: TeamworkPerson }>('teamwork-project-management', 'person.json');
const ID = String(person.person.id);
const admin = { person: { id: 100, firstName: 'Site', lastName: 'Admin', email: 'admin@example.com', isAdmin: true, type: 'account' } };

export const contract = defineContract({
  provider: teamworkProjectManagement,
  credentials: { method: 'api_key', apiKey: 'twp_contractApiKey' },
  context: { host: 'acme.teamwork.com' },
  id: ID,
  happy: [
    { route: `GET /projects/api/v3/people/${ID}.json`, reply: { body: person } },
    { route: `DELETE /people/${ID}.json`, reply: { status: 200, body: { STATUS: 'OK' } } },
  ],
  owner: {
    route: 'GET /projects/api/v3/me.json',
    someoneElse: { body: admin },
    theTarget: { body: person },
  },
  rateLimited: { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ title: 'Too Many Requests' }] } },
  notFound: { status: 404, body: { errors: [{ title: 'Not Found', detail: 'person not found' }] } },
  unauthorized: { status: 401, body: { errors: [{ title: 'Unauthorized' }] } },
});
