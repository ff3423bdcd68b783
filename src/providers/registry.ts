/**
 * The explicit list of every integration: the 76 of the spec. Implemented ones are provider
 * definitions; the others are catalog declarations (params, auth, context, base URL) whose
 * deleteUser answers UNSUPPORTED.
 */
import { asana } from './asana/index.js';
import { auth0 } from './auth0/index.js';
import { databricks } from './databricks/index.js';
import { canva } from './canva/index.js';
import { airtableScim } from './airtable-scim/index.js';
import { figmaScim } from './figma-scim/index.js';
import { jumpcloud } from './jumpcloud/index.js';
import { webex } from './webex/index.js';
import { azureActiveDirectory } from './azure-active-directory/index.js';
import { googleWorkspace } from './google-workspace/index.js';
import { catalog } from './catalog.js';
import type { CatalogEntry, ProviderDefinition } from './core/types.js';
import { github } from './github/index.js';
import { knowbe4Scim } from './knowbe4-scim/index.js';
import { miroScim } from './miro-scim/index.js';
import { mondayComScim } from './monday-com-scim/index.js';
import { notionScim } from './notion-scim/index.js';
import { pendoScim } from './pendo-scim/index.js';
import { postmanScim } from './postman-scim/index.js';
import { okta } from './okta/index.js';
import { slackEnterprise } from './slack-enterprise/index.js';
import { zendesk } from './zendesk/index.js';
import { batch2a } from './batches/batch-2a.js';
import { batch2b } from './batches/batch-2b.js';
import { batch3a } from './batches/batch-3a.js';
import { batch3b } from './batches/batch-3b.js';
import { batch4 } from './batches/batch-4.js';
import { batch5a } from './batches/batch-5a.js';
import { batch5b } from './batches/batch-5b.js';

export type AnyProvider = ProviderDefinition<any>;

const batch1: readonly AnyProvider[] = [
  github, okta, asana, zendesk, slackEnterprise, notionScim, azureActiveDirectory, googleWorkspace, knowbe4Scim, miroScim,
  mondayComScim, pendoScim, postmanScim, jumpcloud, auth0, webex, databricks, canva, airtableScim, figmaScim,
];

export const providers: readonly AnyProvider[] = [...batch1, ...batch2a, ...batch2b, ...batch3a, ...batch3b, ...batch4, ...batch5a, ...batch5b];

export interface RegistryEntry {
  entry: CatalogEntry;
  provider?: AnyProvider;
}

/**
 * Providers come first; a catalog declaration for the same slug is superseded by the provider
 * (the conformance test checks both against the spec, so they cannot disagree on params).
 */
function build(): Map<string, RegistryEntry> {
  const map = new Map<string, RegistryEntry>();
  for (const p of providers) {
    if (map.has(p.slug)) throw new Error(`integration ${p.slug} implemented twice`);
    map.set(p.slug, { entry: p, provider: p });
  }
  for (const c of catalog) {
    if (!map.has(c.slug)) map.set(c.slug, { entry: c });
  }
  return map;
}

const registry = build();

export const allIntegrations: readonly RegistryEntry[] = [...registry.values()].sort((a, b) =>
  a.entry.name.localeCompare(b.entry.name, 'en'),
);

export function getIntegration(slug: string): RegistryEntry | undefined {
  return registry.get(slug);
}

export function getEntry(slug: string): CatalogEntry | undefined {
  return registry.get(slug)?.entry;
}
