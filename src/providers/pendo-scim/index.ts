/**
 * Pendo SCIM: the SCIM 2.0 base in deactivate mode. Pendo publishes no SCIM API reference; its
 * guides say the Base URL and API Key "appear when you turn on SCIM provisioning" (Settings >
 * Organization Settings > SSO > SCIM Settings), and that SCIM lets the IdP "Remove and deactivate
 * Pendo users".
 *   https://support.pendo.io/hc/en-us/articles/4412768395803-Set-up-SCIM-in-Pendo
 *   https://support.pendo.io/hc/en-us/articles/27665433854875-Set-up-SCIM-for-Okta
 *   https://support.pendo.io/hc/en-us/articles/15361247951003 (Set up SCIM for Microsoft Entra)
 *  - GET   https://{host}/{basePath}/Users/{id}  (snapshot)
 *  - PATCH https://{host}/{basePath}/Users/{id}  active=false (RFC 7644 §3.5.2), the call an IdP
 *    makes to deactivate and what Pendo's guides call "remove and deactivate"; nothing says the
 *    user is deleted, hence DEACTIVATED.
 *
 * The host is one of Pendo's data-centre app hosts: Pendo documents US (app.pendo.io), EU, US1 and
 * Japan ("examine the URL used to access Pendo and check for the presence of eu, us1, or jpn",
 * https://support.pendo.io/hc/en-us/articles/16101373319707), and its API hosts are app.pendo.io,
 * app.eu.pendo.io, us1.app.pendo.io, app.jpn.pendo.io and app.au.pendo.io (Australia).
 * The path of the Base URL is not published anywhere we could read, so it is not guessed: the
 * account gives the path shown in its SCIM Settings (see docs/vendors/pendo-scim.md).
 * The API key is sent as a bearer token, as Okta ("API Token") and Entra ID ("Secret Token") do.
 * No error format or SCIM rate limits are documented; Retry-After is honoured on 429.
 *
 * What it means: Pendo's guides say only that the IdP can "Remove and deactivate Pendo users";
 * nothing says the user or their data is deleted. ambiguous: neither the exact effect nor a way to
 * restore is documented; the declaration says deactivated, not permanent, no window. A user the
 * snapshot shows `active: false` gets no second PATCH: ALREADY_DEACTIVATED.
 * Self-deletion guard: `Me` is refused (RFC 7644 §3.11, core/scim.ts). The API Key appears when an
 * organization admin turns SCIM provisioning on for the Pendo organization; Pendo documents no
 * call naming a user behind it (no SCIM API reference), so there is no owner lookup.
 */
import { scimProvider } from '../core/scim.js';

export const PENDO_HOSTS = ['app.pendo.io', 'app.eu.pendo.io', 'us1.app.pendo.io', 'app.jpn.pendo.io', 'app.au.pendo.io'] as const;

export const pendoScim = scimProvider({
  name: 'Pendo SCIM',
  slug: 'pendo-scim',
  docs: 'https://support.pendo.io/hc/en-us/articles/4412768395803-Set-up-SCIM-in-Pendo',
  baseUrl: 'https://{host}/{basePath}',
  context: {
    host: {
      kind: 'enum',
      description: 'Host of the SCIM Base URL: the Pendo data centre (US app.pendo.io, EU app.eu.pendo.io, US1 us1.app.pendo.io, Japan app.jpn.pendo.io, Australia app.au.pendo.io)',
      values: PENDO_HOSTS,
      default: 'app.pendo.io',
    },
    basePath: {
      kind: 'id',
      description: 'Path of the SCIM Base URL shown in Settings > Organization Settings > SSO > SCIM Settings, without the host and without leading or trailing slash',
      example: 'api/scim/v2',
      pattern: /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+){0,7}$/,
    },
  },
  auth: {
    scim_api_key: {
      scheme: { kind: 'bearer', tokenField: 'apiKey' },
      description: 'API Key shown in SCIM Settings when SCIM provisioning is turned on (Premium or SCIM add-on).',
    },
  },
  params: {},
  mode: 'deactivate',
  outcome: 'DEACTIVATED',
  semantics: {
    permanent: false,
    description:
      'Deactivated through SCIM ("Remove and deactivate Pendo users"); Pendo documents no deletion of the user or their data through SCIM. Pendo documents neither the exact effect nor a restore window.',
    docs: 'https://support.pendo.io/hc/en-us/articles/27665433854875-Set-up-SCIM-for-Okta',
  },
  tokenOwner: {
    unavailable:
      'Pendo publishes no SCIM API reference and no call that names who the API Key acts as; the key appears when an organization admin turns SCIM provisioning on for the Pendo organization (Settings > Organization Settings > SSO > SCIM Settings).',
  },
  maps: ['id', 'externalId', 'firstName', 'lastName', 'name', 'username', 'emails', 'status', 'groups', 'createdAt', 'updatedAt'],
});
