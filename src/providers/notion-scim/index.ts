/**
 * Notion SCIM: the SCIM 2.0 base with Notion's base URL and bearer token.
 * https://www.notion.com/help/provision-users-and-groups-with-scim (Notion's only SCIM reference)
 *  - GET  https://api.notion.com/scim/v2/Users/{id}  (snapshot) — "Retrieve a specific workspace
 *    member by its Notion user ID"; "Note that meta.created and meta.lastModified do not reflect
 *    meaningful timestamp values": they are not mapped (no createdAt/updatedAt).
 *  - DELETE https://api.notion.com/scim/v2/Users/{id} — "Remove a user from your workspace. The user
 *    is logged out of all active sessions. The user account cannot be deleted through SCIM. Account
 *    deletion must be done manually." Hence REMOVED_FROM_CONTAINER (the token's workspace: "For each
 *    workspace you want to manage via SCIM, you must generate a separate SCIM API token").
 * After the removal the member's workspace state is gone: Notion says the same removal "can also be
 * achieved by setting the active user attribute to false", so the returned user is INACTIVE, with
 * no workspace role and no workspace groups left. Notion exposes no workspace id through SCIM, so the
 * result names no container id.
 *
 * What it means: the workspace membership is removed (not restorable as such; a later POST /Users
 * with the same email adds the existing Notion account back, and Notion does not say what access
 * comes back); the Notion account stays.
 *
 * Self-deletion guard: `Me` is refused (RFC 7644 §3.11, core/scim.ts). Notion documents no call that
 * names who the token belongs to (its SCIM endpoints: ServiceProviderConfig, ResourceTypes, Users,
 * Groups). Tokens are created by an organization owner and Notion guards it itself: "The workspace
 * owner that created the SCIM bot token cannot be removed via the API" (a refusal → FORBIDDEN on 403).
 *
 * Enterprise plan.
 * Ambiguities: Notion publishes no example bodies, no DELETE status code and no SCIM error or
 * rate-limit format; we rely on RFC 7644 (204 on delete, SCIM error body) and treat any 2xx as
 * success. The status Notion answers when refusing the token's creator is not documented.
 */
import { scimProvider, scimToUser } from '../core/scim.js';

export const notionScim = scimProvider({
  name: 'Notion SCIM',
  slug: 'notion-scim',
  docs: 'https://www.notion.com/help/provision-users-and-groups-with-scim',
  baseUrl: 'https://api.notion.com/scim/v2',
  context: {},
  auth: {
    scim_token: {
      scheme: { kind: 'bearer', tokenField: 'token' },
      description: 'The SCIM API token from Settings → Identity & provisioning (Enterprise plan).',
    },
  },
  params: {},
  mode: 'delete',
  outcome: 'REMOVED_FROM_CONTAINER',
  semantics: {
    permanent: true,
    description:
      'The member is removed from the workspace and logged out of all active sessions; "the user account cannot be deleted through SCIM", so the Notion account stays. No restore of the membership is documented (adding the same email again adds the account back as a new member).',
    docs: 'https://www.notion.com/help/provision-users-and-groups-with-scim',
  },
  tokenOwner: {
    unavailable:
      'Notion documents no SCIM call naming the token\'s creator (its SCIM endpoints are ServiceProviderConfig, ResourceTypes, Users and Groups; no /Me). Notion refuses on its side: "The workspace owner that created the SCIM bot token cannot be removed via the API."',
  },
  // `meta.created`/`meta.lastModified` are not mapped: Notion says they "do not reflect meaningful timestamp values".
  maps: ['id', 'externalId', 'firstName', 'lastName', 'title', 'name', 'username', 'emails', 'phones', 'status', 'roles', 'groups', 'userType', 'avatar', 'languages'],
  toUser(raw) {
    const { createdAt: _created, updatedAt: _updated, ...user } = scimToUser(raw);
    // Notion's workspace role lives in its own schema extension.
    const ext = raw['urn:ietf:params:scim:schemas:extension:notion:2.0:User'] as { role?: string } | undefined;
    if (!user.roles?.length && ext?.role) user.roles = [{ id: ext.role, name: ext.role, workspace: ext.role }];
    return user;
  },
  after(user) {
    // Out of the workspace: as `active: false` would leave them, with no workspace role or group.
    return { ...user, status: 'INACTIVE', rawStatus: null, roles: [], groups: [] };
  },
});
