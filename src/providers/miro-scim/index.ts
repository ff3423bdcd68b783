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
 * Ambiguities (docs/vendors/miro-scim.md): Miro's UserResource schema has no externalId,
 * phoneNumbers or meta.created/lastModified, though the spec lists those fields for Miro SCIM;
 * they are mapped when present. No SCIM-specific rate-limit headers are documented (429 is), so
 * only Retry-After is honoured. Miro's full name is displayName first, then name.formatted.
 */
import { scimProvider, scimToUser } from '../core/scim.js';

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
