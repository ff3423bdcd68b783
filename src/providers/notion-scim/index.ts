/**
 * Notion SCIM: the SCIM 2.0 base with Notion's base URL and bearer token.
 * https://www.notion.com/help/provision-users-and-groups-with-scim
 *  - GET  https://api.notion.com/scim/v2/Users/{id}  (snapshot)
 *  - DELETE https://api.notion.com/scim/v2/Users/{id} — "removes the member from the workspace";
 *    the Notion account itself is not deleted, hence REMOVED_FROM_CONTAINER.
 * Enterprise plan; the token is created by a workspace/organization owner, and its owner cannot
 * be removed this way.
 *
 * Ambiguities: Notion publishes no example bodies, no DELETE status code and no SCIM error or
 * rate-limit format; we rely on RFC 7644 (204 on delete, SCIM error body) and treat any 2xx as
 * success. Notion states meta.created/lastModified "do not reflect meaningful timestamp values";
 * they are mapped (the spec lists created_at/updated_at for Notion SCIM) exactly as Notion sends them.
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
  maps: ['id', 'externalId', 'firstName', 'lastName', 'title', 'name', 'username', 'emails', 'phones', 'status', 'roles', 'groups', 'userType', 'avatar', 'languages', 'createdAt', 'updatedAt'],
  toUser(raw) {
    const user = scimToUser(raw);
    // Notion's workspace role lives in its own schema extension.
    const ext = raw['urn:ietf:params:scim:schemas:extension:notion:2.0:User'] as { role?: string } | undefined;
    if (!user.roles?.length && ext?.role) user.roles = [{ id: ext.role, name: ext.role, workspace: ext.role }];
    return user;
  },
});
