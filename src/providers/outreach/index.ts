/**
 * Outreach: lock the user (Outreach users cannot be deleted through the API).
 *
 * Calls (Outreach REST API v2, JSON:API; https://developers.outreach.io/api/reference/tag/User/):
 *  - GET /api/v2/users/{id} → 200 {"data":{"type":"user","id":…,"attributes":{…},"relationships":{…}}}
 *  - PATCH /api/v2/users/{id} {"data":{"type":"user","id":…,"attributes":{"locked":true}}}
 *    (Content-Type application/vnd.api+json) → 200 with the updated user
 *  - GET /api/v2/users?filter[email]={email} → {"data":[…]} (lookup by email; JSON:API filter syntax,
 *    the email filter as integrators describe it: https://www.stitchflow.com/user-management/outreach/api)
 * Auth: OAuth 2.0 authorization code (https://developers.outreach.io/api/oauth/): "Outreach will execute
 * all the calls on behalf of the user who performed authorization"; tokens are short-lived and refreshed
 * at https://api.outreach.io/oauth/token. Scopes users.read and users.write.
 * Errors: JSON:API `{"errors":[{"id","title","detail"}]}`; 404 `resourceNotFound` (ambiguous: the error
 * ids were not read on an Outreach page; HTTP statuses decide where the id is unknown). Rate limits: 429
 * Too Many Requests (leaky bucket, https://docs.datagrail.io/docs/integrations/api-documentation/outreach);
 * the core honours Retry-After and otherwise backs off.
 *
 * What deletion means: Outreach documents no user deletion in the REST API; the closest documented
 * action is locking (`locked: true`), which prevents the user from logging in and releases their seat
 * ("Locked users do not count against your available number of seats", as integrators describe it;
 * Outreach's admin guidance: https://support.outreach.io/hc/en-us/articles/17197336022299 points to the
 * "Outreach Seat Management Process" to lock/deactivate a user seat). Their prospects, sequences and
 * activity stay; an admin can unlock them.
 *
 * ambiguous: the User reference page was read only in part (its attribute table up to `email`); the
 * attribute names used past it (`locked`, `username`, `phoneNumber`, `primaryTimezone`, `title`,
 * `currentSignInAt`) were taken from Stitch's schema of the same endpoint (singer-io tap-outreach).
 * ambiguous: no "who am I" call was found in the pages read, so the token's owner is not looked up.
 * ambiguous: the user object has no language, activation-date or licence attribute in the sources read
 * (a seat is implied by not being locked); those unified fields stay empty rather than invented.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface OutreachUserAttributes {
  createdAt?: string | null;
  updatedAt?: string | null;
  currentSignInAt?: string | null;
  lastSignInAt?: string | null;
  duties?: Array<{ id?: number; name?: string; duty_type?: string }> | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  username?: string | null;
  title?: string | null;
  locked?: boolean;
  phoneNumber?: string | null;
  primaryTimezone?: string | null;
  [k: string]: unknown;
}

export interface OutreachUser {
  type?: string;
  id: number;
  attributes?: OutreachUserAttributes;
  relationships?: Record<string, { data?: { type?: string; id?: number | string } | null } | undefined>;
  [k: string]: unknown;
}

const JSON_API = 'application/vnd.api+json';

function checkId(id: string): void {
  if (!/^\d{1,20}$/.test(id)) throw badInput(`Outreach user ids are numeric; "${id.slice(0, 40)}" is not`);
}

export const outreach = defineProvider<OutreachUser>({
  name: 'Outreach',
  slug: 'outreach',
  docs: 'https://developers.outreach.io/api/reference/tag/User/',
  baseUrl: 'https://api.outreach.io/api/v2',
  context: {},
  auth: {
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://api.outreach.io/oauth/token', scopes: ['users.read', 'users.write'] },
      description: 'OAuth app authorized by an Outreach admin (calls act as that user); short-lived access tokens refreshed at /oauth/token.',
      docs: 'https://developers.outreach.io/api/oauth/',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'title', 'emails', 'phones', 'status', 'roles', 'timezone', 'createdAt', 'updatedAt', 'lastLoginAt'],
  headers: { accept: JSON_API },
  rateLimit: {},
  errors: {
    code: (body) => {
      const errors = (body as { errors?: Array<{ id?: unknown }> } | null)?.errors;
      const first = Array.isArray(errors) ? errors[0]?.id : undefined;
      return typeof first === 'string' ? first : undefined;
    },
    bodyLevel: false,
    table: { resourceNotFound: 'NOT_FOUND' },
    docs: 'https://developers.outreach.io/api/getting-started/',
  },
  semantics: {
    permanent: false,
    description:
      'The user is locked (locked: true): they can no longer log in and no longer take a seat; their prospects, sequences and activity stay in Outreach and an admin can unlock them. Outreach has no API to delete a user.',
    docs: 'https://developers.outreach.io/api/reference/tag/User/',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'Outreach OAuth calls act as the authorizing user, but the API pages read (Getting started, OAuth, the User reference) document no call that names that user, so the token owner is not looked up; only the snapshot of the user to lock is read.',
  },

  async findUsers({ http, email }) {
    const res = await http.get<{ data?: OutreachUser[] }>(path`/users`, { query: { filter: { email } } });
    const want = email.trim().toLowerCase();
    return (res.data ?? []).filter((u) => (u.attributes?.email ?? '').toLowerCase() === want);
  },

  async getUser({ http, id }) {
    checkId(id);
    return (await http.get<{ data: OutreachUser }>(path`/users/${id}`)).data;
  },

  async deleteUser({ http, id, remoteQuery, snapshot }) {
    checkId(id);
    if (snapshot?.attributes?.locked === true) return { outcome: 'ALREADY_DEACTIVATED' };
    const res = await http.request<{ data?: OutreachUser } | undefined>('PATCH', path`/users/${id}`, {
      json: { data: { type: 'user', id: Number(id), attributes: { locked: true } } },
      headers: { 'content-type': JSON_API },
      query: remoteQuery,
    });
    const after = res.body?.data;
    return {
      outcome: 'DEACTIVATED',
      user: after ? { ...(snapshot ?? {}), ...after, attributes: { ...(snapshot?.attributes ?? {}), ...(after.attributes ?? {}) } } : undefined,
    };
  },

  toUser(u) {
    const a = u.attributes ?? {};
    const role = u.relationships?.role?.data?.id;
    const roles = [
      ...(role !== undefined && role !== null ? [{ id: String(role), name: 'role' }] : []),
      ...(a.duties ?? []).filter((d) => d.id !== undefined).map((d) => ({ id: String(d.id), name: d.name ?? null })),
    ];
    const name = a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(' ') || undefined);
    return compact({
      id: String(u.id),
      firstName: a.firstName ?? undefined,
      lastName: a.lastName ?? undefined,
      name,
      username: a.username ?? undefined,
      title: a.title ?? undefined,
      emails: a.email ? [{ email: a.email, type: 'primary', isPrimary: true }] : undefined,
      phones: a.phoneNumber ? [{ number: a.phoneNumber }] : undefined,
      status: a.locked === true ? 'INACTIVE' : 'ACTIVE',
      rawStatus: a.locked === true ? 'locked' : 'active',
      roles: roles.length ? roles : undefined,
      timezone: a.primaryTimezone ?? undefined,
      createdAt: date(a.createdAt),
      updatedAt: date(a.updatedAt),
      lastLoginAt: date(a.currentSignInAt),
    });
  },
});
