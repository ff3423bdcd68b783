/**
 * Providers of integration batch 5b, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import type { AnyProvider } from '../registry.js';
import { adobeMarketoEngage } from '../adobe-marketo-engage/index.js';
import { helpScout } from '../help-scout/index.js';
import { looker } from '../looker/index.js';
import { powerBi } from '../power-bi/index.js';
import { qlikSense } from '../qlik-sense/index.js';
import { tableau } from '../tableau/index.js';

export const batch5b: readonly AnyProvider[] = [looker, qlikSense, tableau, powerBi, helpScout, adobeMarketoEngage];
