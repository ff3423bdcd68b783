/**
 * Providers of integration batch 2a, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import type { AnyProvider } from '../registry.js';
import { atlassian } from '../atlassian/index.js';
import { datadog } from '../datadog/index.js';
import { gitlab } from '../gitlab/index.js';
import { heroku } from '../heroku/index.js';
import { jfrog } from '../jfrog/index.js';
import { newRelic } from '../new-relic/index.js';
import { sentry } from '../sentry/index.js';
import { vercel } from '../vercel/index.js';

export const batch2a: readonly AnyProvider[] = [gitlab, heroku, vercel, sentry, datadog, jfrog, atlassian, newRelic];
