/**
 * Miro SCIM: the SCIM 2.0 base with Miro's base URL and the Enterprise SCIM bearer token.
 * Base URL and auth: https://developers.miro.com/docs/how-to-enable-scim
 *   ("the base URL for SCIM API is https://miro.com/api/v1/scim/", "Authorization header with type Bearer").
 *  - GET    https://miro.com/api/v1/scim/Users/{id}  (snapshot)
 *    https://developers.miro.com/reference/getuser — "Returns only users that are members in the
 *    organization. It does not return users that are added in the organization as guests."
 *  - DELETE https://miro.com/api/v1/scim/Users/{id}  → 204
 *    https://developers.miro.com/reference/deleteuser — "Deletes a single user from the organization."
 *    "After a user is deleted, the ownership of all the boards that belong to the deleted user is
 *    transferred to the oldest team member who currently has an admin role." The last admin of a
 *    team or of the organization, non-members and guests cannot be deleted (404/409 documented).
 *    The SCIM guide (https://developers.miro.com/docs/users) calls it "delete users completely",
 *    hence DELETED (the boards survive under a new owner; the user does not).
 *
 * Refusals: "A user who is the last admin in the team or the last admin in the organization cannot
 * be deleted" — the delete reference's 409 (deleteUser409), mapped to FAILED_PRECONDITION. A user
 * who is not a member, or a guest, answers 404 (NOT_FOUND).
 * What it means: permanent; Miro documents no restore of a deleted user; their boards go to the
 * oldest team admin.
 * Self-deletion guard: `Me` is refused (RFC 7644 §3.11, core/scim.ts). Miro's SCIM API documents
 * Users and Groups only (no /Me) and its token is the organization's SCIM token shown when a
 * company admin enables SCIM under Enterprise Integrations, so there is no owner lookup.
 *
 * Ambiguities (docs/vendors/miro-scim.md): Miro's UserResource schema has no externalId,
 * phoneNumbers or meta.created/lastModified, though the spec lists those fields for Miro SCIM;
 * they are mapped when present. No SCIM-specific rate-limit headers are documented (429 is), so
 * only Retry-After is honoured. Miro's full name is displayName first, then name.formatted.
 */
import { scimErrorCode, scimErrors, scimProvider, scimToUser } from '../core/scim.js';

export const miroScim = scimProvider({
  name: 'Miro SCIM',
  slug: 'miro-scim',
  docs: 'https://developers.miro.com/reference/deleteuser',
  baseUrl: 'https://miro.com/api/v1/scim',
  context: {},
  auth: {
    scim_token: {
      scheme: { kind: 'bearer', tokenField: 'scimToken' },
      description: 'SCIM API token from Settings > Enterprise Integrations > SCIM (Enterprise plan, company admin).',
    },
  },
  params: {},
  mode: 'delete',
  outcome: 'DELETED',
  semantics: {
    permanent: true,
    description:
      'Miro "deletes a single user from the organization" ("delete users completely"); the ownership of all their boards "is transferred to the oldest team member who currently has an admin role". No restore is documented. The last admin of a team or of the organization cannot be deleted.',
    docs: 'https://developers.miro.com/reference/deleteuser',
  },
  tokenOwner: {
    unavailable:
      "Miro's SCIM API documents Users and Groups only (no /Me), and its bearer token is the organization's SCIM token shown when a company admin enables SCIM under Settings > Enterprise Integrations, not a user's token.",
  },
  errors: scimErrors({
    docs: 'https://developers.miro.com/reference/deleteuser',
    // Miro documents the DELETE's 409 (the last admin of a team or of the organization) by status only.
    code: (body, status) => (status === 409 ? 'HTTP 409 (last admin)' : scimErrorCode(body)),
    table: { 'HTTP 409 (last admin)': 'PRECONDITION' },
  }),
  maps: [
    'id',
    'externalId',
    'firstName',
    'lastName',
    'name',
    'username',
    'emails',
    'phones',
    'status',
    'roles',
    'groups',
    'userType',
    'licenses',
    'avatar',
    'languages',
    'createdAt',
    'updatedAt',
  ],
  toUser(raw) {
    const user = scimToUser(raw);
    // Miro shows displayName as the full name and falls back to name.formatted (docs/users).
    if (raw.displayName) user.name = raw.displayName;
    // userType is the license type in the organization ("Full", "Free", "Free Restricted", ...).
    if (raw.userType) user.licenses = [{ id: null, name: raw.userType }];
    return user;
  },
});
