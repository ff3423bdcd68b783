/**
 * Catalog of the 70 integrations of the spec that have no provider implementation yet
 * (everything except GitHub, Okta, Asana, Zendesk, Slack Enterprise and Notion SCIM).
 *
 * DECLARATIONS ONLY: each entry says where the vendor's user-removal call lives (docs, base
 * URL, per-account context, auth and the spec's params). Deletion for these 70 is NOT
 * implemented yet: a deleteUser call on any of them answers UNSUPPORTED.
 *
 * Conventions: `{field}` in a URL names a context field; `{field}` in an auth template names
 * a credential field (camelCase). Regions are an `enum` only where the vendor's host is
 * literally built from the value, otherwise a `hostname` restricted by `endsWith`.
 * Entries marked `// ambiguous:` record a choice made where the vendor docs left room.
 */
import type { AuthMethod, CatalogEntry, ContextField, ParamRule } from './core/types.js';

// --- small builders (keep entries compact) ---------------------------------------------

const host = (description: string, example: string, endsWith: readonly string[]): ContextField => ({
  kind: 'hostname',
  description,
  example,
  endsWith,
});
const id = (description: string, example: string, pattern: RegExp, optional?: boolean): ContextField =>
  optional ? { kind: 'id', description, example, pattern, optional } : { kind: 'id', description, example, pattern };
const region = (description: string, values: readonly string[], def: string): ContextField => ({
  kind: 'enum',
  description,
  values,
  default: def,
});

const bearer = (description: string, tokenField = 'apiToken'): AuthMethod => ({ scheme: { kind: 'bearer', tokenField }, description });
const headers = (h: Readonly<Record<string, string>>, description: string): AuthMethod => ({ scheme: { kind: 'headers', headers: h }, description });
const basic = (username: string, password: string, description: string): AuthMethod => ({ scheme: { kind: 'basic', username, password }, description });
const oauth = (tokenUrl: string, scopes: readonly string[] | undefined, description: string): AuthMethod => ({
  scheme: scopes ? { kind: 'oauth2', grant: 'authorization_code', tokenUrl, scopes } : { kind: 'oauth2', grant: 'authorization_code', tokenUrl },
  description,
});

const required = (note?: string): ParamRule => (note ? { use: 'required', note } : { use: 'required' });

const TEAMWORK_TOKEN_URL = 'https://www.teamwork.com/launchpad/v1/token.json';
const teamworkHost = host('Teamwork site host (EU sites are <site>.eu.teamwork.com)', 'acme.teamwork.com', ['.teamwork.com']);

// --- the catalog -----------------------------------------------------------------------

export const catalog: readonly CatalogEntry[] = [
  // ambiguous (batch 2a, kept UNSUPPORTED): BrowserStack's User Management API (Enterprise plan, enabled on
  // request by BrowserStack support: https://www.browserstack.com/docs/enterprise/api-reference/introduction)
  // documents GET /user/user_detail, POST /user/create_user and /user/add_entitlement, and its user list
  // mentions users "disabled using the /user/disable_user endpoint", but the method, parameters and
  // answer of a removal call (disable or delete) could not be read in the public reference. Not guessed.
  {
    name: 'BrowserStack',
    slug: 'browserstack',
    docs: 'https://www.browserstack.com/docs/enterprise/api-reference/users/manage',
    baseUrl: 'https://api.browserstack.com',
    context: {},
    auth: { basic: basic('{username}', '{accessKey}', 'Owner/admin username and access key (Enterprise user management API).') },
    params: { emails: required() },
    unsupported:
      'its public API reference does not document the removal call (method, parameters, answer) of its Enterprise User Management API; delete the user from the Account console, where BrowserStack documents that owners and admins "can invite new users, manage access for existing users or delete users" (https://www.browserstack.com/docs/enterprise/api-reference/users/overview), or de-provision them from your identity provider with auto user provisioning',
  },
  // Figma's REST API (https://developers.figma.com/docs/rest-api/) has files, comments, users/me, projects,
  // variables, webhooks, activity logs, payments and dev resources, and no call that removes, deactivates or
  // suspends a user. "Figma's SCIM API is distinct from the Figma REST API" (https://developers.figma.com/docs/rest-api/scim):
  // user removal through an API is the Figma SCIM integration (figma-scim). Left UNSUPPORTED, with the manual way.
  {
    name: 'Figma',
    slug: 'figma',
    docs: 'https://developers.figma.com/docs/rest-api/',
    baseUrl: 'https://api.figma.com/v1',
    context: {},
    auth: {
      personal_access_token: headers({ 'X-Figma-Token': '{apiToken}' }, 'Personal access token of an organization admin.'),
      oauth: oauth('https://api.figma.com/v1/oauth/token', undefined, 'Figma OAuth app authorized by an organization admin.'),
    },
    params: {},
    unsupported:
      "Figma's REST API has no call that removes, deactivates or suspends a user; its SCIM API (a separate API, Organization and Enterprise plans) does: connect the Figma SCIM integration (figma-scim) instead. Without SCIM, an organization admin removes the person in Figma: Admin settings > Members > Remove from organization (https://help.figma.com/hc/en-us/articles/360040453453-Remove-people-from-an-organization).",
  },
  // ambiguous: cloud data centres map to sdpondemand.manageengine.{dc} and accounts.zoho.{dc}; Canada
  // (zohocloud.ca) and China (manageengine.cn / zoho.com.cn) break the pattern and are left out; on-premise
  // installs are not covered. User-vs-technician removal: chose the users endpoint.
  // Not implemented (batch 5b): the Cloud v3 reference pages (sdpod-v3-api users / requesters / technicians) could
  // not be read; what was found disagrees (a unified /api/v3/users on the on-premise v3 reference, separate
  // /api/v3/requesters and /api/v3/technicians trees, each deprovisioned on its own, in secondary guides), and the
  // deletion answer, its error codes and the technician preconditions are undocumented here. Left UNSUPPORTED
  // rather than guessed: the person is removed (as requester and as technician) in the ServiceDesk Plus Cloud console.
  {
    name: 'ManageEngine ServiceDesk Plus',
    slug: 'manageengine-servicedesk-plus',
    docs: 'https://www.manageengine.com/products/service-desk/sdpod-v3-api/users/user.html',
    baseUrl: 'https://sdpondemand.manageengine.{dataCenter}/api/v3',
    context: { dataCenter: region('Zoho data centre top-level domain', ['com', 'eu', 'in', 'com.au', 'jp', 'sa', 'uk'], 'com') },
    auth: { oauth: oauth('https://accounts.zoho.{dataCenter}/oauth/v2/token', ['SDPOnDemand.users.ALL'], 'Zoho OAuth client authorized by an SDAdmin.') },
    params: {},
    unsupported:
      'the ServiceDesk Plus Cloud v3 reference for removing users (requesters and technicians) could not be confirmed here, and what was read disagrees on the endpoints; this service does not guess a deletion call. Remove the person in the ServiceDesk Plus Cloud console (Admin > Users: the requester, and the technician under Admin > Technicians)',
  },

  // ambiguous: Pipeliner users are the "Clients" entity; the per-operation reference page was not
  // verified, so docs point at the API overview that defines the base URL and space id.
  // Left UNSUPPORTED (batch 5a): the pages read (developers.pipelinersales.com getting started, CRM
  // concepts; Clients.update as published by integration.app: position, master_right_id, default_unit_id,
  // unit_membership) show no call that deactivates or deletes a Client; users are managed by a space
  // admin in the Pipeliner Admin portal (workspace.pipelinersales.com).
  {
    name: 'Pipeliner',
    slug: 'pipeliner',
    docs: 'https://developers.pipelinersales.com/api-docs/overview/about-the-api',
    baseUrl: 'https://{host}/api/v100/rest/spaces/{spaceId}',
    context: {
      host: host('Service URL host of the API application (region dependent)', 'us-east.pipelinersales.com', ['.pipelinersales.com']),
      spaceId: id('Space id', 'eu_acme', /^[A-Za-z0-9_-]{1,64}$/),
    },
    auth: { basic: basic('{apiToken}', '{apiSecret}', 'API application username (token) and password (secret).') },
    params: {},
    unsupported:
      'the Pipeliner API pages read show no call that deactivates or deletes a user (the Clients entity); a space admin removes the person in the Pipeliner Admin portal (workspace.pipelinersales.com)',
  },
  // ambiguous: Salesloft documents no user deletion; the closest call is updating the user (deactivate).
  // Left UNSUPPORTED (batch 5a): the REST reference pages for users (users-update) could not be read
  // here, and integrators' notes (stitchflow.com/user-management/salesloft) name no REST call that
  // deactivates a user: offboarding is an admin's Settings > User Management > Deactivate in the app,
  // or the Enterprise SCIM API. Not implemented until the users-update page is read.
  {
    name: 'Salesloft',
    slug: 'salesloft',
    docs: 'https://developers.salesloft.com/docs/api/users-update/',
    baseUrl: 'https://api.salesloft.com/v2',
    context: {},
    auth: {
      api_key: bearer('API key of an admin.', 'apiKey'),
      oauth: oauth('https://accounts.salesloft.com/oauth/token', undefined, 'OAuth app authorized by an admin.'),
    },
    params: {},
    unsupported:
      'no REST call that deletes or deactivates a user could be confirmed in Salesloft\'s API reference; an admin deactivates the person in Salesloft (Settings > User Management > Deactivate), or through Salesloft\'s Enterprise SCIM API',
  },
  // ambiguous: only the update page of Desk v2 users was verified; the delete page is assumed alongside it.
  // Left UNSUPPORTED (batch 3a): no Desk user-deletion call could be read in Teamwork's documentation or in
  // Teamwork's own clients (Teamwork/mcp's Desk toolset, built on teamwork/desksdkgo, only lists and reads
  // users). Documented manual way: a site administrator deletes the person in the site's People area
  // (https://support.teamwork.com/projects/people/deleting-a-user-from-your-site).
  {
    name: 'Teamwork Desk',
    slug: 'teamwork-desk',
    docs: 'https://apidocs.teamwork.com/docs/desk/v2/users/delete-v2-users-id-json',
    baseUrl: 'https://{host}/desk/api/v2',
    context: { host: teamworkHost },
    auth: {
      api_token: bearer('API token (tkn.v1_...) of a Desk admin.'),
      oauth: oauth(TEAMWORK_TOKEN_URL, undefined, 'Teamwork app authorized by an admin.'),
    },
    params: {},
    unsupported:
      'no Desk user-deletion call is documented in Teamwork\'s API reference; a site administrator deletes the person in the site\'s People area (https://support.teamwork.com/projects/people/deleting-a-user-from-your-site)',
  },
  // ambiguous: Teamwork Spaces user deletion page not verified; path follows /spaces/api/v1/users.json.
  // Left UNSUPPORTED (batch 3a): no Spaces user-deletion call could be read in Teamwork's documentation or in
  // Teamwork's own clients (Teamwork/mcp's Spaces toolset has no user call). Documented manual way: a site
  // administrator deletes the person in the site's People area
  // (https://support.teamwork.com/projects/people/deleting-a-user-from-your-site).
  {
    name: 'Teamwork Spaces',
    slug: 'teamwork-spaces',
    docs: 'https://apidocs.teamwork.com/docs/spaces/v1/users/delete-spaces-api-v1-users-id-json',
    baseUrl: 'https://{host}/spaces/api/v1',
    context: { host: teamworkHost },
    auth: {
      api_key: basic('{apiKey}', 'x', 'Admin API key as the user name, any password.'),
      oauth: oauth(TEAMWORK_TOKEN_URL, undefined, 'Teamwork app authorized by an admin.'),
    },
    params: {},
    unsupported:
      'no Spaces user-deletion call is documented in Teamwork\'s API reference; a site administrator deletes the person in the site\'s People area (https://support.teamwork.com/projects/people/deleting-a-user-from-your-site)',
  },
];
