/**
 * Confluent Cloud: delete the user from the Confluent Cloud organization the Cloud API key belongs
 * to (Users iam/v2).
 *
 * Calls (https://api.confluent.cloud, HTTP Basic with a Cloud API key and secret):
 *  - GET /iam/v2/users/{id} → iam.v2.User {api_version, kind, id, metadata, email, full_name,
 *    auth_type} (snapshot)  https://docs.confluent.io/cloud/current/api.html#tag/Users-(iamv2)/operation/getIamV2User
 *  - DELETE /iam/v2/users/{id} → 204 "A User is being deleted."
 *    https://docs.confluent.io/cloud/current/ccloud/delete-iam-v-2-user/
 *    "If successful, this request will also recursively delete all of the user's associated
 *    resources, including its cloud and cluster API keys."
 *  - GET /iam/v2/users?page_size=100[&page_token=…] → {kind: "UserList", metadata: {next}, data}
 *    (lookup by email; no email filter is documented, pages are read, bounded)
 *    https://docs.confluent.io/cloud/current/api.html#tag/Users-(iamv2)/operation/listIamV2Users
 * Auth: Cloud API key (not a cluster key) as Basic user name, its secret as password:
 * https://docs.confluent.io/cloud/current/api.html#section/Authentication
 * Errors: `{errors: [{id, status, code?, detail, source}]}`; 401 carries `WWW-Authenticate: Basic
 * error="invalid_key"`. 400/401/403/404/429 are documented on the delete operation.
 * Rate limits: 429 with `X-RateLimit-Reset`, "the relative time in seconds until the current
 * rate-limit window resets" (the delete operation's response headers), and Retry-After.
 *
 * Token owner: a Cloud API key is owned by a user or a service account (spec.owner of GET
 * /iam/v2/api-keys/{key}); Confluent has no "who am I" call for the key in use, and that lookup
 * needs the key's id, which the owner lookup is not given. See `tokenOwner`.
 * ambiguous: whether Confluent refuses to delete the last OrganizationAdmin is not documented; any
 * refusal keeps its status mapping (403 → FORBIDDEN, otherwise REMOTE_ERROR) with Confluent's detail.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface ConfluentUser {
  api_version?: string;
  kind?: string;
  id: string;
  metadata?: { self?: string; resource_name?: string; created_at?: string | null; updated_at?: string | null; deleted_at?: string | null } | null;
  email?: string | null;
  full_name?: string | null;
  auth_type?: string | null;
  [k: string]: unknown;
}

interface UserList {
  kind?: string;
  metadata?: { next?: string | null; total_size?: number };
  data?: ConfluentUser[];
}

const PAGE_SIZE = 100;
const MAX_PAGES = 100;

/** The page_token of the documented `metadata.next` URL. */
function nextToken(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  try {
    return new URL(next, 'https://api.confluent.cloud').searchParams.get('page_token') ?? undefined;
  } catch {
    return undefined;
  }
}

export const confluent = defineProvider<ConfluentUser>({
  name: 'Confluent',
  slug: 'confluent',
  docs: 'https://docs.confluent.io/cloud/current/api.html#tag/Users-(iamv2)/operation/deleteIamV2User',
  baseUrl: 'https://api.confluent.cloud',
  context: {},
  auth: {
    cloud_api_key: {
      scheme: { kind: 'basic', username: '{apiKey}', password: '{apiSecret}' },
      description: 'A Cloud resource management API key and secret (not a cluster key) owned by a service account or user with the OrganizationAdmin role.',
      docs: 'https://docs.confluent.io/cloud/current/security/authenticate/workload-identities/service-accounts/api-keys/overview.html',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'identifiers', 'firstName', 'lastName', 'name', 'emails', 'userType', 'createdAt', 'updatedAt'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'delta-seconds' },
  semantics: {
    permanent: true,
    description:
      "The user is deleted from the Confluent Cloud organization; Confluent also recursively deletes the user's associated resources, including their Cloud and cluster API keys (anything authenticating with those keys stops working). Confluent documents no restore.",
    docs: 'https://docs.confluent.io/cloud/current/ccloud/delete-iam-v-2-user/',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'Confluent documents no "who am I" call for the Cloud API key in use: its owner (a user or a service account) is only named by GET /iam/v2/api-keys/{key id} (spec.owner), which needs the key id, and the owner lookup is not given credentials. Use a key owned by a service account (Confluent\'s recommendation for automation), which cannot be a user deleted here.',
  },

  async findUsers({ http, email }) {
    const wanted = email.toLowerCase();
    const found: ConfluentUser[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<UserList>(path`/iam/v2/users`, { query: token ? { page_size: PAGE_SIZE, page_token: token } : { page_size: PAGE_SIZE } });
      for (const u of res.data ?? []) if (u.email?.toLowerCase() === wanted) found.push(u);
      token = nextToken(res.metadata?.next);
      if (!token) break;
    }
    return found;
  },

  getUser({ http, id }) {
    return http.get<ConfluentUser>(path`/iam/v2/users/${id}`);
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    await http.request('DELETE', path`/iam/v2/users/${snapshot?.id ?? id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    // Confluent has one name field (`full_name`): split at the first space, our reading.
    const { firstName, lastName } = splitName(u.full_name);
    return compact({
      id: u.id,
      identifiers: u.metadata?.resource_name ? { id: u.id, resourceName: u.metadata.resource_name } : { id: u.id },
      firstName,
      lastName,
      name: u.full_name ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'work', isPrimary: true }] : undefined,
      userType: u.auth_type ?? undefined,
      createdAt: date(u.metadata?.created_at),
      updatedAt: date(u.metadata?.updated_at),
    });
  },
});
