/**
 * Providers of integration batch 3b, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import type { AnyProvider } from '../registry.js';
import { airtable } from '../airtable/index.js';
import { box } from '../box/index.js';
import { dropboxBusiness } from '../dropbox-business/index.js';
import { filesCom } from '../files-com/index.js';
import { typeform } from '../typeform/index.js';
import { webflow } from '../webflow/index.js';

export const batch3b: readonly AnyProvider[] = [airtable, box, dropboxBusiness, filesCom, typeform, webflow];
