/**
 * Canva: the SCIM 2.0 base in deactivate mode. Canva's Connect API has no user removal, and
 * Canva's SCIM API has no DELETE for users: "The Canva SCIM API doesn't implement a REST DELETE
 * operation for a SCIM user. To deprovision a SCIM user, you can use the PATCH operation to set the
 * user's active attribute to false." (https://www.canva.dev/docs/scim/delete-user)
 *
 * Base URL: https://www.canva.com/_scim/v2 ("Canva's SCIM API is available at
 * https://www.canva.com/_scim/v2", https://www.canva.dev/docs/scim). Canva Enterprise (single
 * team) and Canva for Education only.
 *
 * Calls:
 *  - GET   https://www.canva.com/_scim/v2/Users/{canva_scim_id} → 200 user; 404
 *    {"detail":"No user found for id {canva_scim_id}"} (snapshot)
 *    https://www.canva.dev/docs/scim/get-user
 *  - PATCH https://www.canva.com/_scim/v2/Users/{canva_scim_id}, Content-Type application/scim+json,
 *    body {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 *          "Operations":[{"op":"replace","path":"active","value":false}]}
 *    — Canva's own deprovisioning example, sent exactly in that form (`deactivateOperation: 'path'`).
 *    https://www.canva.dev/docs/scim/update-individual-attributes-user
 *    `active`: "Whether the user account is active. Setting this to false deprovisions the user in
 *    Canva." Nothing says the Canva account or its designs are deleted, hence DEACTIVATED.
 *
 * Already deprovisioned: a user whose snapshot has `active: false` gets no second PATCH; the
 * outcome is ALREADY_DEACTIVATED.
 * What it means: "Setting this to false deprovisions the user in Canva" — the user stays in the
 * team's SCIM users ("List users: Gets a paginated list of all users in a Canva team, including
 * inactive users", https://www.canva.dev/docs/scim/list-users) and can be set active again
 * (`active` is writable on PUT/PATCH). Canva documents no deletion of the account or its designs
 * through SCIM and no retention window: not permanent, no window.
 *
 * Auth: `Authorization: Bearer {token}` with the SCIM access token an admin generates under
 * Settings > SSO & provisioning > "Enable SCIM user provisioning".
 * Self-deletion guard: `Me` is refused (RFC 7644 §3.11, see core/scim.ts). Canva documents no call
 * naming who the token acts as: its SCIM API has Users and Groups operations only (no /Me), and the
 * token is the team's provisioning token from the SSO & provisioning settings, not a user's.
 * Rate limits: only "Create a user" documents one (1 request per second); none is documented for
 * GET or PATCH, so only Retry-After is honoured on a 429.
 *
 * Ambiguities (docs/vendors/canva.md): Canva documents a narrow user (id, externalId, meta.created,
 * userName, displayName, name, one work email, active, locale, role). The spec lists more fields
 * for Canva (title, phones, user_type, licenses, groups, avatar, timezone, updated_at, urls); they are
 * mapped from the standard RFC 7643 attributes when Canva sends them and stay empty otherwise.
 * The PATCH success body is not shown in Canva's reference: a returned user is mapped as the
 * fresher view, an empty 200/204 falls back to the snapshot.
 */
import { scimProvider, scimToUser, type ScimMultiValued } from '../core/scim.js';

export const canva = scimProvider({
  name: 'Canva',
  slug: 'canva',
  docs: 'https://www.canva.dev/docs/scim/delete-user',
  baseUrl: 'https://www.canva.com/_scim/v2',
  context: {},
  auth: {
    scim_token: {
      scheme: { kind: 'bearer', tokenField: 'scimToken' },
      description: 'SCIM access token from Settings > SSO & provisioning > Enable SCIM user provisioning (Canva Enterprise or Canva for Education admin).',
    },
  },
  params: {},
  mode: 'deactivate',
  outcome: 'DEACTIVATED',
  deactivateOperation: 'path',
  semantics: {
    permanent: false,
    description:
      'Deprovisioned, not deleted: "Setting this [active] to false deprovisions the user in Canva." The user stays listed among the team\'s SCIM users (inactive) and can be set active again; Canva documents no deletion of the account or its designs through SCIM, and no retention window.',
    docs: 'https://www.canva.dev/docs/scim/update-individual-attributes-user',
  },
  tokenOwner: {
    unavailable:
      "Canva's SCIM API documents Users and Groups operations only (no /Me or other who-am-I call), and its bearer token is the team's SCIM provisioning token generated under Settings > SSO & provisioning, not a user's token.",
  },
  maps: [
    'id',
    'externalId',
    'firstName',
    'lastName',
    'title',
    'name',
    'username',
    'emails',
    'phones',
    'status',
    'roles',
    'userType',
    'licenses',
    'groups',
    'avatar',
    'timezone',
    'languages',
    'createdAt',
    'updatedAt',
    'urls',
  ],
  toUser(raw) {
    const user = scimToUser(raw);
    // Canva's role is a top-level string (Member, Teacher, Staff, Admin, Template-designer, ...).
    const role = typeof raw.role === 'string' && raw.role !== '' ? raw.role : undefined;
    if (role) user.roles = [{ id: role, name: role }, ...(user.roles ?? [])];
    const entitlements = Array.isArray(raw.entitlements) ? raw.entitlements.filter((e: ScimMultiValued) => e.value || e.display) : [];
    if (entitlements.length) user.licenses = entitlements.map((e) => ({ id: e.value ?? null, name: e.display ?? e.value ?? null }));
    if (typeof raw.profileUrl === 'string' && raw.profileUrl !== '') user.urls = [{ url: raw.profileUrl, type: 'profile' }];
    return user;
  },
});
