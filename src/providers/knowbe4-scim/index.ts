/**
 * KnowBe4 SCIM (Security Awareness Training console): the SCIM 2.0 base in deactivate mode, on the
 * tenant host shown in the console. KnowBe4 publishes no SCIM API reference, only configuration
 * guides:
 *   https://support.knowbe4.com/hc/en-us/articles/360052380374-SCIM-Configuration-Guide
 *   "users will be automatically added, changed, and archived in your KSAT console based on data
 *   sent from your SCIM IdP"; the SCIM Token and the Tenant URL are both read from Account Settings
 *   > User Management > User Provisioning > SCIM, and the IdP is given that Tenant URL as its
 *   "SCIM connector base URL" (Okta) / "Tenant URL" (Entra ID) with the token as bearer token.
 *   https://support.knowbe4.com/hc/en-us/articles/4402065050771-Configure-SCIM-for-Okta
 *   https://learn.microsoft.com/en-us/entra/identity/saas-apps/knowbe4-security-awareness-training-provisioning-tutorial
 *  - GET   https://{host}/scim/v2/Users/{id}  (snapshot)
 *  - PATCH https://{host}/scim/v2/Users/{id}  active=false (RFC 7644 §3.5.2): what an IdP sends when it
 *    deactivates or unassigns a user, and what KnowBe4 calls archiving; an archived user is kept
 *    in the console, not deleted, hence DEACTIVATED. KnowBe4 documents no SCIM DELETE and no hard
 *    delete over SCIM, so DELETE /Users is not used.
 *
 * What archiving means (https://support.knowbe4.com/hc/en-us/articles/204367808-Archive-or-Delete-a-User):
 * "Archiving a user will remove them from your console, but you can unarchive them at any time.
 * Archived users won't receive any phishing tests or training from training campaigns. Archiving a
 * user will also prevent them from being counted in your licensed seats"; "you can also restore an
 * archived user as if they were never removed". Not permanent, no window. A user the snapshot shows
 * `active: false` (archived already) gets no second PATCH: ALREADY_DEACTIVATED.
 * Self-deletion guard: `Me` is refused (RFC 7644 §3.11, core/scim.ts). The SCIM Token is generated
 * for the account under Account Settings > User Provisioning and KnowBe4 documents no call naming a
 * user behind it (no SCIM API reference at all), so there is no owner lookup. KnowBe4 also requires
 * an admin's admin functions to be removed before that user can be archived.
 *
 * Ambiguities (docs/vendors/knowbe4-scim.md): the exact Tenant URL is not printed in the public
 * guides. Its host differs per region (the US console is training.knowbe4.com; EU, CA, UK and DE
 * accounts use their regional console) and is taken from the account, restricted to *.knowbe4.com;
 * the /scim/v2 path follows what third parties report. An account whose Tenant URL has another path
 * sets it as the integrated account's baseUrl. Test Mode in KnowBe4 reports changes without making
 * them. No error format or rate limits are documented.
 */
import { scimProvider } from '../core/scim.js';

export const knowbe4Scim = scimProvider({
  name: 'KnowBe4 SCIM',
  slug: 'knowbe4-scim',
  docs: 'https://support.knowbe4.com/hc/en-us/articles/360052380374-SCIM-Configuration-Guide',
  baseUrl: 'https://{host}/scim/v2',
  context: {
    host: {
      kind: 'hostname',
      description: 'Host of the SCIM Tenant URL shown in Account Settings > User Management > User Provisioning (training.knowbe4.com for US accounts)',
      example: 'training.knowbe4.com',
      endsWith: ['.knowbe4.com'],
    },
  },
  auth: {
    scim_token: {
      scheme: { kind: 'bearer', tokenField: 'scimToken' },
      description: 'SCIM Token generated in Account Settings > User Management > User Provisioning > SCIM Settings.',
    },
  },
  params: {},
  mode: 'deactivate',
  outcome: 'DEACTIVATED',
  semantics: {
    permanent: false,
    description:
      'Archived, not deleted: the user leaves the console, gets no more phishing tests or training and stops counting toward licensed seats; their history stays for reports, and an admin can unarchive them "as if they were never removed". No time limit is documented.',
    docs: 'https://support.knowbe4.com/hc/en-us/articles/204367808-Archive-or-Delete-a-User',
  },
  tokenOwner: {
    unavailable:
      'KnowBe4 publishes no SCIM API reference, so no call naming who a token acts as; the SCIM Token is generated for the whole account under Account Settings > User Management > User Provisioning, not for a user.',
  },
  maps: ['id', 'externalId', 'firstName', 'lastName', 'name', 'username', 'status', 'title'],
});
