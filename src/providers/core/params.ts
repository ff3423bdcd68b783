/** The integration params of deleteUser: GraphQL name, REST name, type and meaning (from the spec). */
import type { ExtensionParamName, ParamName } from './types.js';

export interface ParamInfo {
  name: ParamName;
  restName: string;
  type: 'enum' | 'string' | 'string[]' | 'object[]' | 'boolean';
  description: string;
}

export const PARAMS: Readonly<Record<ParamName, ParamInfo>> = {
  removeFrom: { name: 'removeFrom', restName: 'remove_from', type: 'enum', description: 'Where to remove the user from (group or organization)' },
  removeFromId: { name: 'removeFromId', restName: 'remove_from_id', type: 'string', description: 'The ID of the group or organization to remove the user from' },
  organizationId: { name: 'organizationId', restName: 'organization_id', type: 'string', description: 'The ID of the organization to remove the user from' },
  workspaceId: { name: 'workspaceId', restName: 'workspace_id', type: 'string', description: 'The ID of the workspace to remove the user from' },
  emails: { name: 'emails', restName: 'emails', type: 'string[]', description: 'The emails of the user' },
  groups: { name: 'groups', restName: 'groups', type: 'object[]', description: 'The groups of the user' },
  workspace: { name: 'workspace', restName: 'workspace', type: 'string', description: 'The workspace of the user' },
  permanent: { name: 'permanent', restName: 'permanent', type: 'boolean', description: 'Set to true to delete the user permanently' },
  groupId: { name: 'groupId', restName: 'group_id', type: 'string', description: 'The ID of the group (team) to remove the user from' },
};

/** The params beyond the spec (EXTENSION_PARAM_NAMES): offered only where an integration declares them. */
export interface ExtensionParamInfo {
  name: ExtensionParamName;
  restName: string;
  type: 'boolean';
  description: string;
}

export const EXTENSION_PARAMS: Readonly<Record<ExtensionParamName, ExtensionParamInfo>> = {
  irreversiblyEraseUserData: {
    name: 'irreversiblyEraseUserData',
    restName: 'irreversibly_erase_user_data',
    type: 'boolean',
    description:
      "Not in the spec; only where an integration offers it (Zendesk). Set to true to also erase the user's data for good right away, with the vendor's documented permanent deletion (GDPR); it cannot be undone",
  },
};
