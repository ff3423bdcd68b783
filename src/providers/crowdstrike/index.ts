/**
 * CrowdStrike Falcon: delete a Falcon console user (User Management API) by their user UUID.
 *
 * CrowdStrike's own API reference is behind the Falcon console login; the public sources are
 * CrowdStrike's SDKs generated from its OpenAPI description: FalconPy
 * (https://www.falconpy.io/Service-Collections/User-Management.html, endpoint table
 * src/falconpy/_endpoint/_user_management.py) and crimson-falcon (docs/UserManagementApi.md).
 *
 * Calls (https://{host}, OAuth2 client-credentials bearer token):
 *  - GET /users/entities/users/v1?ids={uuid} → {meta, errors, resources: [{uuid, email,
 *    first_name, last_name}]} (snapshot; operation RetrieveUser)
 *    https://www.falconpy.io/Service-Collections/User-Management.html#retrieveuser
 *    ambiguous: RetrieveUser is marked "Deprecated: Please use retrieveUsersGETV1", whose read is
 *    a POST (/user-management/entities/users/GET/v1) that this service would treat as a write (dry
 *    runs, audit recovery points). The GET is kept while CrowdStrike still documents it.
 *  - DELETE /user-management/entities/users/v1?user_uuid={uuid} "Delete a user permanently."
 *    (deleteUserV1) https://www.falconpy.io/Service-Collections/User-Management.html#deleteuserv1
 *  - GET /user-management/queries/users/v1?filter=uid:'{email}'&limit=500&offset=N → resources
 *    [uuid] (lookup by email: `uid` is the user's email address, their Falcon user name;
 *    queryUserV1), then the users are read as above.
 * Auth: POST https://{host}/oauth2/token with client_id/client_secret (form) → a 30-minute token,
 * https://www.falconpy.io/Usage/Authenticating-to-the-API.html. The API client needs the
 * "User management: Write" scope.
 * Hosts (clouds): us-1 api.crowdstrike.com, us-2 api.us-2.crowdstrike.com, eu-1
 * api.eu-1.crowdstrike.com, us-gov-1 api.laggar.gcw.crowdstrike.com.
 * Errors: `{meta, errors: [{code, message}], resources}`.
 * Rate limits: 429 with `X-RateLimit-RetryAfter` (epoch seconds) next to X-RateLimit-Limit /
 * X-RateLimit-Remaining.
 * ambiguous: the rate-limit headers are described in the console-only reference; the names and
 * the epoch-seconds reading are as CrowdStrike's SDKs handle them. Without them, backoff applies.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface FalconUser {
  uuid: string;
  email?: string | null;
  /** The user name (email) in newer user records. */
  uid?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  cid?: string | null;
  [k: string]: unknown;
}

interface Envelope<T> {
  meta?: Record<string, unknown>;
  errors?: Array<{ code?: number; message?: string }> | null;
  resources?: T[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 500;
const MAX_PAGES = 20;

function checkUuid(id: string): void {
  if (!UUID.test(id)) throw new AppError('BAD_USER_INPUT', 'A CrowdStrike user id is the user UUID (8-4-4-4-12 hex)', { integration: 'crowdstrike' });
}

/** One user per call: `ids` is a `collectionFormat: multi` array (ids=a&ids=b), sent here with one value. */
async function readUser(http: VendorHttp, id: string): Promise<FalconUser | undefined> {
  const res = await http.get<Envelope<FalconUser>>(path`/users/entities/users/v1`, { query: { ids: id } });
  return (res.resources ?? []).find((u) => u.uuid?.toLowerCase() === id.toLowerCase());
}

export const crowdstrike = defineProvider<FalconUser>({
  name: 'CrowdStrike',
  slug: 'crowdstrike',
  docs: 'https://www.falconpy.io/Service-Collections/User-Management.html#deleteuserv1',
  baseUrl: 'https://{host}',
  context: {
    host: {
      kind: 'enum',
      description: 'Falcon API host of the customer cloud: us-1 api.crowdstrike.com, us-2 api.us-2.crowdstrike.com, eu-1 api.eu-1.crowdstrike.com, us-gov-1 api.laggar.gcw.crowdstrike.com',
      values: ['api.crowdstrike.com', 'api.us-2.crowdstrike.com', 'api.eu-1.crowdstrike.com', 'api.laggar.gcw.crowdstrike.com'],
      default: 'api.crowdstrike.com',
    },
  },
  auth: {
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{host}/oauth2/token' },
      description:
        'An API client (Support and resources > API clients and keys) with the User management: Write scope; client_id and client_secret are exchanged at /oauth2/token for a 30-minute token.',
      docs: 'https://www.falconpy.io/Usage/Authenticating-to-the-API.html',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'username'],
  rateLimit: { resetHeader: 'x-ratelimit-retryafter', resetKind: 'epoch-seconds' },
  semantics: {
    permanent: true,
    description: 'The Falcon console user is deleted permanently ("Delete a user permanently."): their sign-in and role grants in the customer (CID) end. CrowdStrike documents no restore.',
    docs: 'https://www.falconpy.io/Service-Collections/User-Management.html#deleteuserv1',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'The credentials are an API client (client_id/client_secret, OAuth2 client credentials): the token acts as the API client, not as a Falcon console user, so it cannot be a user deleted here.',
  },

  async findUsers({ http, email }) {
    // FQL string literal: a quote or backslash in the address would end or escape it.
    if (/['\\]/.test(email)) throw new AppError('BAD_USER_INPUT', 'This email cannot be written in a CrowdStrike FQL filter', { integration: 'crowdstrike' });
    const wanted = email.toLowerCase();
    const ids: string[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<Envelope<string>>(path`/user-management/queries/users/v1`, { query: { filter: `uid:'${email}'`, limit: PAGE_SIZE, offset: page * PAGE_SIZE } });
      const batch = res.resources ?? [];
      ids.push(...batch);
      if (batch.length < PAGE_SIZE) break;
    }
    const found: FalconUser[] = [];
    for (const id of ids) {
      const u = await readUser(http, id);
      if (u && (u.email ?? u.uid)?.toLowerCase() === wanted) found.push(u);
    }
    return found;
  },

  async getUser({ http, id }) {
    checkUuid(id);
    const user = await readUser(http, id);
    if (!user) throw new AppError('NOT_FOUND', `CrowdStrike has no user ${id}`, { integration: 'crowdstrike' });
    return user;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const uuid = snapshot?.uuid ?? id;
    checkUuid(uuid);
    await http.request('DELETE', path`/user-management/entities/users/v1`, { query: { ...(remoteQuery ?? {}), user_uuid: uuid } });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const email = u.email ?? u.uid ?? undefined;
    const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined;
    return compact({
      id: u.uuid,
      firstName: u.first_name ?? undefined,
      lastName: u.last_name ?? undefined,
      name,
      username: email,
      emails: email ? [{ email, type: 'work', isPrimary: true }] : undefined,
    });
  },
});
