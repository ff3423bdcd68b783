/**
 * Providers of integration batch 5a, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import { freshdesk } from '../freshdesk/index.js';
import { freshservice } from '../freshservice/index.js';
import { hubspot } from '../hubspot/index.js';
import { outreach } from '../outreach/index.js';
import { pipedrive } from '../pipedrive/index.js';
import { salesforce } from '../salesforce/index.js';
import type { AnyProvider } from '../registry.js';

export const batch5a: readonly AnyProvider[] = [freshdesk, freshservice, hubspot, outreach, pipedrive, salesforce];
