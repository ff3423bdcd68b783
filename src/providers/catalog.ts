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

const subdomain = (description: string, example: string): ContextField => ({ kind: 'subdomain', description, example });
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
const clientCredentials = (tokenUrl: string, scopes: readonly string[] | undefined, description: string): AuthMethod => ({
  scheme: scopes ? { kind: 'oauth2', grant: 'client_credentials', tokenUrl, scopes } : { kind: 'oauth2', grant: 'client_credentials', tokenUrl },
  description,
});

const required = (note?: string): ParamRule => (note ? { use: 'required', note } : { use: 'required' });
const supported = (note?: string): ParamRule => (note ? { use: 'supported', note } : { use: 'supported' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MS_TOKEN_URL = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
const BOX_TOKEN_URL = 'https://api.box.com/oauth2/token';
const TEAMWORK_TOKEN_URL = 'https://www.teamwork.com/launchpad/v1/token.json';
const teamworkHost = host('Teamwork site host (EU sites are <site>.eu.teamwork.com)', 'acme.teamwork.com', ['.teamwork.com']);

// --- the catalog -----------------------------------------------------------------------

export const catalog: readonly CatalogEntry[] = [
  {
    name: 'Adobe Marketo Engage',
    slug: 'adobe-marketo-engage',
    docs: 'https://developer.adobe.com/marketo-apis/api/user/#tag/User-Management/operation/deleteUserUsingPOST',
    baseUrl: 'https://{munchkinId}.mktorest.com',
    context: { munchkinId: subdomain('Munchkin account id, the first label of the REST endpoint host (Admin > Web Services)', '123-abc-456') },
    auth: {
      client_credentials: clientCredentials('https://{munchkinId}.mktorest.com/identity/oauth/token', undefined, 'LaunchPoint custom service client id/secret exchanged for an access token; the API-only user needs Access User Management Api.'),
    },
    params: {},
  },
  {
    name: 'Airtable',
    slug: 'airtable',
    docs: 'https://airtable.com/developers/web/api/delete-user-by-id',
    baseUrl: 'https://api.airtable.com/v0',
    context: { enterpriseAccountId: id('Enterprise account id used in /meta/enterpriseAccounts/{id}/users/{userId}', 'entUBq2RGdihxl3vU', /^ent[A-Za-z0-9]{14}$/) },
    auth: {
      personal_access_token: bearer('Personal access token of an enterprise admin with scope enterprise.user:write.'),
      oauth: oauth('https://airtable.com/oauth2/v1/token', ['enterprise.user:write'], 'OAuth integration acting for an enterprise admin.'),
    },
    params: {},
  },
  // ambiguous: Atlassian offers several removals (remove from directory, suspend access, SCIM delete,
  // v2 directories/{directoryId}); chose Organizations API "remove user from directory" (v1, needs orgId).
  {
    name: 'Atlassian',
    slug: 'atlassian',
    docs: 'https://developer.atlassian.com/cloud/admin/organization/rest/api-group-directory/#api-v1-orgs-orgid-directory-users-accountid-delete',
    baseUrl: 'https://api.atlassian.com',
    context: { orgId: id('Atlassian organization id (from admin.atlassian.com/o/{orgId})', '9a1jj823-jac8-123d-jj01-63315k059cb2', /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/) },
    auth: { api_key: bearer('Organization admin API key (Atlassian Administration > Settings > API keys).', 'apiKey') },
    params: {},
  },
  {
    name: 'Box',
    slug: 'box',
    docs: 'https://developer.box.com/reference/delete-users-id/',
    baseUrl: 'https://api.box.com/2.0',
    context: {},
    auth: {
      jwt: {
        scheme: {
          kind: 'jwt_bearer',
          tokenUrl: BOX_TOKEN_URL,
          claims: { iss: '{clientId}', sub: '{enterpriseId}', box_sub_type: 'enterprise', aud: '{tokenUrl}' },
          lifetimeSeconds: 60,
          jti: true,
          keyId: '{publicKeyId}',
          form: { client_id: '{clientId}', client_secret: '{clientSecret}' },
        },
        description:
          "Platform app with Server Authentication (JWT), App + Enterprise Access and the Manage users scope, authorized in the Admin Console; acts as the app's service account. From the app's config JSON: clientID, clientSecret, appAuth.publicKeyID, appAuth.privateKey (PEM; privateKeyPassphrase = appAuth.passphrase), enterpriseID.",
        docs: 'https://developer.box.com/guides/authentication/jwt/without-sdk/',
      },
      client_credentials: {
        scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: BOX_TOKEN_URL, form: { box_subject_type: 'enterprise', box_subject_id: '{enterpriseId}' } },
        description: 'Platform app with Server Authentication (Client Credentials Grant), App + Enterprise Access and the Manage users scope, authorized in the Admin Console; acts as its service account (box_subject_type=enterprise).',
        docs: 'https://developer.box.com/guides/authentication/client-credentials/',
      },
      oauth: oauth(BOX_TOKEN_URL, ['manage_managed_users'], 'OAuth 2.0 app authorized by an admin.'),
    },
    params: {},
  },
  {
    name: 'BrowserStack',
    slug: 'browserstack',
    docs: 'https://www.browserstack.com/docs/enterprise/api-reference/users/manage',
    baseUrl: 'https://api.browserstack.com',
    context: {},
    auth: { basic: basic('{username}', '{accessKey}', 'Owner/admin username and access key (Enterprise user management API).') },
    params: { emails: required() },
  },
  {
    name: 'ClickUp',
    slug: 'clickup',
    docs: 'https://developer.clickup.com/reference/removeuserfromworkspace',
    baseUrl: 'https://api.clickup.com/api/v2',
    context: {},
    auth: {
      api_token: headers({ Authorization: '{apiToken}' }, 'Personal API token (pk_...), sent without a Bearer prefix.'),
      oauth: oauth('https://api.clickup.com/api/v2/oauth/token', undefined, 'OAuth app authorized by a Workspace owner/admin (Enterprise plan).'),
    },
    params: { organizationId: required('The ID of the organization to remove the user from') },
  },
  {
    name: 'Cloudflare',
    slug: 'cloudflare',
    docs: 'https://developers.cloudflare.com/api/resources/accounts/subresources/members/methods/delete/',
    baseUrl: 'https://api.cloudflare.com/client/v4',
    context: { accountId: id('Cloudflare account id', '023e105f4ecef8ad9ca31a8372d0c353', /^[0-9a-f]{32}$/) },
    auth: {
      api_token: bearer('API token with Account > Account Settings: Edit (Memberships Write).'),
      global_api_key: headers({ 'X-Auth-Email': '{email}', 'X-Auth-Key': '{apiKey}' }, 'Legacy global API key with the account email.'),
    },
    params: {},
  },
  {
    name: 'Confluent',
    slug: 'confluent',
    docs: 'https://docs.confluent.io/cloud/current/api.html#tag/Users-(iamv2)/operation/deleteIamV2User',
    baseUrl: 'https://api.confluent.cloud',
    context: {},
    auth: { cloud_api_key: basic('{apiKey}', '{apiSecret}', 'Cloud resource management API key and secret of an OrganizationAdmin.') },
    params: {},
  },
  // ambiguous: CrowdStrike's own API reference is behind the Falcon console login; the public page is
  // the official FalconPy SDK reference. Cloud hosts (api., api.us-2., api.eu-1., api.laggar.gcw.) are not
  // built from one region value, so the host is a hostname.
  {
    name: 'CrowdStrike',
    slug: 'crowdstrike',
    docs: 'https://www.falconpy.io/Service-Collections/User-Management.html#deleteuserv1',
    baseUrl: 'https://{host}',
    context: { host: host('Falcon API host of the customer cloud', 'api.crowdstrike.com', ['.crowdstrike.com']) },
    auth: {
      client_credentials: {
        ...clientCredentials('https://{host}/oauth2/token', undefined, 'API client (Support and resources > API clients and keys) with the User management: Write scope; client_id and client_secret are exchanged at /oauth2/token for a 30-minute token.'),
        docs: 'https://www.falconpy.io/Usage/Authenticating-to-the-API.html',
      },
    },
    params: {},
  },
  {
    name: 'Datadog',
    slug: 'datadog',
    docs: 'https://docs.datadoghq.com/api/latest/users/#disable-a-user',
    baseUrl: 'https://api.{site}',
    context: { site: region('Datadog site', ['datadoghq.com', 'us3.datadoghq.com', 'us5.datadoghq.com', 'datadoghq.eu', 'ap1.datadoghq.com', 'ap2.datadoghq.com', 'ddog-gov.com'], 'datadoghq.com') },
    auth: { api_key: headers({ 'DD-API-KEY': '{apiKey}', 'DD-APPLICATION-KEY': '{applicationKey}' }, 'API key plus application key with user_access_manage.') },
    params: {},
  },
  {
    name: 'Dropbox - Business',
    slug: 'dropbox-business',
    docs: 'https://www.dropbox.com/developers/documentation/http/teams#team-members-remove',
    baseUrl: 'https://api.dropboxapi.com/2',
    context: {},
    auth: { oauth: oauth('https://api.dropboxapi.com/oauth2/token', ['members.delete', 'members.read'], 'Team-scoped app authorized by a team admin.') },
    params: {},
  },
  {
    name: 'Elastic Cloud',
    slug: 'elastic-cloud',
    docs: 'https://www.elastic.co/docs/api/doc/cloud/operation/operation-delete-organization-memberships',
    baseUrl: 'https://api.elastic-cloud.com/api/v1',
    context: {},
    auth: { api_key: headers({ Authorization: 'ApiKey {apiKey}' }, 'Elastic Cloud API key with Organization owner role.') },
    params: { organizationId: required() },
  },
  // ambiguous: Figma's REST API has no user-removal endpoint; the only documented way is the SCIM API
  // (same as Figma SCIM). Figma for Government uses figma-gov.com instead of www.figma.com.
  {
    name: 'Figma',
    slug: 'figma',
    docs: 'https://developers.figma.com/docs/rest-api/scim-endpoints',
    baseUrl: 'https://www.figma.com/scim/v2/{tenantId}',
    context: { tenantId: id('Figma SCIM tenant id (Admin > Settings > SAML SSO)', '1401286822445493852', /^[0-9]{1,25}$/) },
    auth: { scim_token: bearer('SCIM API token generated by an organization admin.', 'scimToken') },
    params: {},
  },
  {
    name: 'Files.com',
    slug: 'files-com',
    docs: 'https://developers.files.com/#delete-user',
    baseUrl: 'https://app.files.com/api/rest/v1',
    context: {},
    auth: { api_key: headers({ 'X-FilesAPI-Key': '{apiKey}' }, 'Site-wide admin API key.') },
    params: {},
  },
  {
    name: 'Fivetran',
    slug: 'fivetran',
    docs: 'https://fivetran.com/docs/rest-api/api-reference/users/delete-user',
    baseUrl: 'https://api.fivetran.com/v1',
    context: {},
    auth: { api_key: basic('{apiKey}', '{apiSecret}', 'API key and secret of an Account Administrator.') },
    params: {},
  },
  {
    name: 'Freshdesk',
    slug: 'freshdesk',
    docs: 'https://developers.freshdesk.com/api/#delete_agent',
    baseUrl: 'https://{subdomain}.freshdesk.com/api/v2',
    context: { subdomain: subdomain('Helpdesk subdomain', 'acme') },
    auth: { api_key: basic('{apiKey}', 'X', 'Admin API key as the user name, any password.') },
    params: {},
  },
  {
    name: 'Freshservice',
    slug: 'freshservice',
    docs: 'https://api.freshservice.com/#delete_agent',
    baseUrl: 'https://{subdomain}.freshservice.com/api/v2',
    context: { subdomain: subdomain('Freshservice subdomain', 'acme') },
    auth: { api_key: basic('{apiKey}', 'X', 'Admin API key as the user name, any password.') },
    params: {},
  },
  {
    name: 'GitLab',
    slug: 'gitlab',
    docs: 'https://docs.gitlab.com/api/members/#remove-a-member-from-a-group-or-project',
    baseUrl: 'https://gitlab.com/api/v4',
    context: {},
    auth: {
      personal_access_token: bearer('Personal/group access token with the api scope and Owner role.'),
      oauth: oauth('https://gitlab.com/oauth/token', ['api'], 'OAuth application authorized by a group/project owner.'),
    },
    params: {
      organizationId: supported('Either of organization or workspace is required.'),
      workspaceId: supported('Either of organization or workspace is required.'),
    },
    either: [{ oneOf: ['organizationId', 'workspaceId'], message: 'Either of organization or workspace is required.' }],
  },
  {
    name: 'Help Scout',
    slug: 'help-scout',
    docs: 'https://developer.helpscout.com/mailbox-api/endpoints/users/delete/',
    baseUrl: 'https://api.helpscout.net/v2',
    context: {},
    auth: {
      oauth: oauth('https://api.helpscout.net/v2/oauth2/token', undefined, 'OAuth app authorized by an account owner/admin.'),
      client_credentials: clientCredentials('https://api.helpscout.net/v2/oauth2/token', undefined, 'Own-account app id/secret of an account owner/admin.'),
    },
    params: {},
  },
  {
    name: 'Heroku',
    slug: 'heroku',
    docs: 'https://devcenter.heroku.com/articles/platform-api-reference#team-member-delete',
    baseUrl: 'https://api.heroku.com',
    context: {},
    auth: {
      api_key: bearer('API key / authorization token of a team admin.', 'apiKey'),
      oauth: oauth('https://id.heroku.com/oauth/token', ['global'], 'OAuth client authorized by a team admin.'),
    },
    params: { groupId: required() },
  },
  {
    name: 'HubSpot',
    slug: 'hubspot',
    docs: 'https://developers.hubspot.com/docs/reference/api/settings/user-provisioning',
    baseUrl: 'https://api.hubapi.com',
    context: {},
    auth: {
      private_app: bearer('Private app access token with settings.users.write.', 'accessToken'),
      oauth: oauth('https://api.hubapi.com/oauth/v1/token', ['settings.users.write'], 'Public app authorized by a super admin.'),
    },
    params: {},
  },
  {
    name: 'JFrog',
    slug: 'jfrog',
    docs: 'https://jfrog.com/help/r/jfrog-rest-apis/delete-user',
    baseUrl: 'https://{subdomain}.jfrog.io',
    context: { subdomain: subdomain('JFrog Cloud server name', 'acme') },
    auth: { access_token: bearer('Admin-scoped access token (identity token).', 'accessToken') },
    params: {},
  },
  {
    name: 'Looker',
    slug: 'looker',
    docs: 'https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/delete_user',
    baseUrl: 'https://{host}/api/4.0',
    context: { host: host('Looker instance host', 'acme.cloud.looker.com', ['.looker.com']) },
    auth: {
      api_key: {
        scheme: {
          kind: 'session',
          signIn: { url: '/login', form: { client_id: '{clientId}', client_secret: '{clientSecret}' } },
          token: { path: 'access_token' },
          expiresIn: { path: 'expires_in' },
          header: { Authorization: 'token {token}' },
        },
        description: 'API key (client_id and client_secret) of an admin user (Admin > Users > Edit Keys), exchanged at /login for an access token sent as "Authorization: token …".',
        docs: 'https://cloud.google.com/looker/docs/api-auth',
      },
    },
    params: {},
  },
  // ambiguous: cloud data centres map to sdpondemand.manageengine.{dc} and accounts.zoho.{dc}; Canada
  // (zohocloud.ca) and China (manageengine.cn / zoho.com.cn) break the pattern and are left out; on-premise
  // installs are not covered. User-vs-technician removal: chose the users endpoint.
  {
    name: 'ManageEngine ServiceDesk Plus',
    slug: 'manageengine-servicedesk-plus',
    docs: 'https://www.manageengine.com/products/service-desk/sdpod-v3-api/users/user.html',
    baseUrl: 'https://sdpondemand.manageengine.{dataCenter}/api/v3',
    context: { dataCenter: region('Zoho data centre top-level domain', ['com', 'eu', 'in', 'com.au', 'jp', 'sa', 'uk'], 'com') },
    auth: { oauth: oauth('https://accounts.zoho.{dataCenter}/oauth/v2/token', ['SDPOnDemand.users.ALL'], 'Zoho OAuth client authorized by an SDAdmin.') },
    params: {},
  },
  {
    name: 'Monday.com',
    slug: 'monday-com',
    docs: 'https://developer.monday.com/api-reference/reference/workspaces#delete-users-from-a-workspace',
    baseUrl: 'https://api.monday.com/v2',
    context: {},
    auth: {
      api_token: headers({ Authorization: '{apiToken}' }, 'Personal API token of an admin (GraphQL API).'),
      oauth: oauth('https://auth.monday.com/oauth2/token', ['workspaces:write', 'users:read'], 'OAuth app authorized by an admin.'),
    },
    params: { workspaceId: required('The unique identifier for the workspace') },
  },
  {
    name: 'New Relic',
    slug: 'new-relic',
    docs: 'https://docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-manage-users/',
    baseUrl: 'https://{host}/graphql',
    context: { host: host('NerdGraph host (api.eu.newrelic.com for EU accounts)', 'api.newrelic.com', ['.newrelic.com']) },
    auth: { user_api_key: headers({ 'API-Key': '{apiKey}' }, 'User API key of a user with Authentication Domain Manager.') },
    params: {},
  },
  // ambiguous: Outreach users cannot be deleted over the API; the closest documented action is updating
  // the user (locked=true), which is what this entry points at.
  {
    name: 'Outreach',
    slug: 'outreach',
    docs: 'https://developers.outreach.io/api/reference/tag/User/',
    baseUrl: 'https://api.outreach.io/api/v2',
    context: {},
    auth: { oauth: oauth('https://api.outreach.io/oauth/token', ['users.read', 'users.write'], 'OAuth app authorized by an admin.') },
    params: {},
  },
  // ambiguous: PagerDuty's reference pages use opaque ids; the operation is DELETE /users/{id} in
  // specs/pagerduty.json. EU accounts use api.eu.pagerduty.com (not declared here).
  {
    name: 'PagerDuty',
    slug: 'pagerduty',
    docs: 'https://developer.pagerduty.com/api-reference/',
    baseUrl: 'https://api.pagerduty.com',
    context: {},
    auth: {
      api_token: headers({ Authorization: 'Token token={apiToken}' }, 'Account REST API key (full access).'),
      oauth: oauth('https://identity.pagerduty.com/oauth/token', ['users.write'], 'Scoped OAuth app.'),
    },
    params: {},
  },
  {
    name: 'Pipedrive',
    slug: 'pipedrive',
    docs: 'https://developers.pipedrive.com/docs/api/v1/Users#updateUser',
    baseUrl: 'https://{subdomain}.pipedrive.com/api/v1',
    context: { subdomain: subdomain('Company domain (acme in acme.pipedrive.com)', 'acme') },
    auth: {
      api_token: headers({ 'x-api-token': '{apiToken}' }, 'Personal API token of an admin.'),
      oauth: oauth('https://oauth.pipedrive.com/oauth/token', ['admin'], 'OAuth app with the admin scope.'),
    },
    params: {},
  },
  // ambiguous: Pipeliner users are the "Clients" entity; the per-operation reference page was not
  // verified, so docs point at the API overview that defines the base URL and space id.
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
  },
  {
    name: 'Power BI',
    slug: 'power-bi',
    docs: 'https://learn.microsoft.com/en-us/rest/api/power-bi/groups/delete-group-user',
    baseUrl: 'https://api.powerbi.com/v1.0/myorg',
    context: { tenantId: id('Microsoft Entra tenant id (GUID) or verified domain; required for the service principal method', 'contoso.onmicrosoft.com', /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/, true) },
    auth: {
      service_principal: {
        scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token', scopes: ['https://analysis.windows.net/powerbi/api/.default'] },
        description: 'An Entra app registration (client id and secret) allowed to use Power BI APIs (tenant setting "Service principals can use Fabric APIs") and added as Admin of the workspace.',
        docs: 'https://learn.microsoft.com/en-us/power-bi/developer/embedded/embed-service-principal',
      },
      oauth: oauth(MS_TOKEN_URL, ['https://analysis.windows.net/powerbi/api/Workspace.ReadWrite.All', 'offline_access'], 'Delegated access of a workspace admin.'),
    },
    params: { workspace: required() },
  },
  {
    name: 'Qlik Sense',
    slug: 'qlik-sense',
    docs: 'https://qlik.dev/apis/rest/users/#delete-api-v1-users-userId',
    baseUrl: 'https://{host}/api/v1',
    context: { host: host('Qlik Cloud tenant host', 'acme.us.qlikcloud.com', ['.qlikcloud.com']) },
    auth: {
      api_key: bearer('API key of a tenant admin.', 'apiKey'),
      client_credentials: {
        ...clientCredentials('https://{host}/oauth/token', ['admin_classic'], 'Machine-to-machine OAuth client of the tenant (client id and secret in the token request body).'),
        docs: 'https://qlik.dev/authenticate/oauth/getting-started-oauth-m2m/',
      },
    },
    params: {},
  },
  {
    name: 'Salesforce',
    slug: 'salesforce',
    docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm',
    baseUrl: 'https://{host}/services/data/v61.0',
    context: { host: { ...host('My Domain host (the jwt method reads it from the token answer\'s instance_url)', 'acme.my.salesforce.com', ['.salesforce.com']), optional: true } },
    auth: {
      jwt: {
        scheme: {
          kind: 'jwt_bearer',
          tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
          claims: { iss: '{clientId}', sub: '{username}', aud: 'https://{tokenHost}' },
          lifetimeSeconds: 180,
          actsAs: 'username',
          provides: { host: { path: 'instance_url', as: 'host' } },
        },
        description:
          'OAuth 2.0 JWT bearer flow: a connected (or external client) app with "Use digital signatures" (its certificate) and pre-authorized users; clientId = its consumer key, privateKey = the certificate\'s key, username = a user with Manage Users. Sandboxes: tokenUrl https://test.salesforce.com/services/oauth2/token.',
        docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm',
      },
      oauth: oauth('https://login.salesforce.com/services/oauth2/token', ['api', 'refresh_token'], 'Connected app authorized by a user with Manage Users.'),
      client_credentials: clientCredentials('https://{host}/services/oauth2/token', undefined, 'Connected app client credentials flow (run-as user with Manage Users).'),
    },
    params: {},
  },
  // ambiguous: Salesloft documents no user deletion; the closest call is updating the user (deactivate).
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
  },
  {
    name: 'Segment',
    slug: 'segment',
    docs: 'https://docs.segmentapis.com/tag/IAM-Users#operation/deleteUsers',
    baseUrl: 'https://{host}',
    context: { host: host('Public API host (eu1.api.segmentapis.com for EU workspaces)', 'api.segmentapis.com', ['.segmentapis.com']) },
    auth: { api_token: bearer('Public API token of a Workspace Owner.') },
    params: {},
  },
  {
    name: 'Sentry',
    slug: 'sentry',
    docs: 'https://docs.sentry.io/api/organizations/delete-an-organization-member/',
    baseUrl: 'https://{host}/api/0',
    context: {
      host: host('Region host of the organization', 'us.sentry.io', ['.sentry.io']),
      organizationSlug: id('Organization id or slug', 'acme', /^[a-z0-9][a-z0-9_-]{0,49}$/),
    },
    auth: {
      auth_token: bearer('Auth token with member:admin.', 'authToken'),
      oauth: oauth('https://sentry.io/oauth/token/', ['member:admin'], 'Public integration authorized by an org owner.'),
    },
    params: {},
  },
  {
    name: 'Smartsheet',
    slug: 'smartsheet',
    docs: 'https://developers.smartsheet.com/api/smartsheet/openapi/users/remove-user',
    baseUrl: 'https://{host}/2.0',
    context: { host: host('API host (api.smartsheet.eu / api.smartsheet.au for EU/AU)', 'api.smartsheet.com', ['.smartsheet.com', '.smartsheet.eu', '.smartsheet.au']) },
    auth: {
      api_token: bearer('Access token of a System Admin.'),
      oauth: oauth('https://api.smartsheet.com/2.0/token', ['ADMIN_USERS'], 'OAuth app authorized by a System Admin.'),
    },
    params: {},
  },
  {
    name: 'Snowflake',
    slug: 'snowflake',
    docs: 'https://docs.snowflake.com/en/developer-guide/snowflake-rest-api/reference/user',
    baseUrl: 'https://{host}',
    context: { host: host('Account host', 'myorg-myaccount.snowflakecomputing.com', ['.snowflakecomputing.com']) },
    auth: {
      programmatic_access_token: bearer('Programmatic access token (or key-pair JWT) of a role owning the user; the provider sends X-Snowflake-Authorization-Token-Type.', 'accessToken'),
      oauth: oauth('https://{host}/oauth/token-request', ['refresh_token'], 'Snowflake OAuth security integration.'),
    },
    params: {},
  },
  // ambiguous: a session lives 120 minutes on Tableau Cloud (240 on Tableau Server) unless the site says
  // otherwise; the sign-in answer does not tell, so 120 minutes are assumed and a 401 renews it earlier.
  {
    name: 'Tableau',
    slug: 'tableau',
    docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_users_and_groups.htm#remove_user_from_site',
    baseUrl: 'https://{host}/api/3.24',
    context: {
      host: host('Tableau Cloud pod host', '10ax.online.tableau.com', ['.online.tableau.com']),
      siteId: id('Site LUID (read from the sign-in answer)', '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d', UUID, true),
    },
    auth: {
      personal_access_token: {
        scheme: {
          kind: 'session',
          signIn: {
            url: '/auth/signin',
            json: { credentials: { personalAccessTokenName: '{tokenName}', personalAccessTokenSecret: '{tokenSecret}', site: { contentUrl: '{siteContentUrl}' } } },
          },
          token: { path: 'credentials.token' },
          ttlSeconds: 7200,
          header: { 'X-Tableau-Auth': '{token}' },
          provides: { siteId: { path: 'credentials.site.id' } },
        },
        description: 'Personal access token (name and secret) of a site administrator, and the site\'s content URL (the name in …/#/site/<contentUrl>); signed in at /auth/signin, the session token goes in X-Tableau-Auth.',
        docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_concepts_auth.htm',
      },
    },
    params: {},
  },
  // ambiguous: only the update page of Desk v2 users was verified; the delete page is assumed alongside it.
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
  },
  {
    name: 'Teamwork Project Management',
    slug: 'teamwork-project-management',
    docs: 'https://apidocs.teamwork.com/docs/teamwork/v1/people/delete-projects-api-v1-people-person-id-json',
    baseUrl: 'https://{host}',
    context: { host: teamworkHost },
    auth: {
      api_key: basic('{apiKey}', 'x', 'Admin API key as the user name, any password.'),
      oauth: oauth(TEAMWORK_TOKEN_URL, undefined, 'Teamwork app authorized by an admin.'),
    },
    params: {},
  },
  // ambiguous: Teamwork Spaces user deletion page not verified; path follows /spaces/api/v1/users.json.
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
  },
  {
    name: 'Trello',
    slug: 'trello',
    docs: 'https://developer.atlassian.com/cloud/trello/rest/api-group-organizations/#api-organizations-id-members-idmember-delete',
    baseUrl: 'https://api.trello.com/1',
    context: {},
    auth: { api_key: { scheme: { kind: 'query', params: { key: '{apiKey}', token: '{apiToken}' } }, description: 'Power-Up API key and a user token of a Workspace admin.' } },
    params: { organizationId: required('The unique identifier for the organization') },
  },
  {
    name: 'Typeform',
    slug: 'typeform',
    docs: 'https://www.typeform.com/developers/create/reference/update-workspace/',
    baseUrl: 'https://{host}',
    context: { host: host('API host (api.eu.typeform.com for EU data centre)', 'api.typeform.com', ['.typeform.com']) },
    auth: {
      personal_access_token: bearer('Personal access token with workspaces:write.'),
      oauth: oauth('https://api.typeform.com/oauth/token', ['workspaces:read', 'workspaces:write'], 'OAuth app authorized by the workspace owner.'),
    },
    params: { workspaceId: required('The unique identifier for the workspace') },
  },
  {
    name: 'Vercel',
    slug: 'vercel',
    docs: 'https://vercel.com/docs/rest-api/reference/endpoints/teams/remove-a-team-member',
    baseUrl: 'https://api.vercel.com',
    context: {},
    auth: { access_token: bearer('Access token of a team Owner.', 'accessToken') },
    params: { groups: supported(), workspace: supported() },
    either: [{ oneOf: ['groups', 'workspace'], message: 'Either one of groups or workspace is required.' }],
  },
  {
    name: 'Webflow',
    slug: 'webflow',
    docs: 'https://developers.webflow.com/data/reference/enterprise/workspace-members/remove-member',
    baseUrl: 'https://api.webflow.com/v2',
    context: {},
    auth: {
      workspace_token: bearer('Workspace API token with workspace_members:write (Enterprise).'),
      oauth: oauth('https://api.webflow.com/oauth/access_token', ['workspace_members:write'], 'Data Client app authorized for the workspace.'),
    },
    params: { workspaceId: required() },
  },
];
