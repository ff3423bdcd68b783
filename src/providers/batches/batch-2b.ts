/**
 * Providers of integration batch 2b, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import type { AnyProvider } from '../registry.js';
import { cloudflare } from '../cloudflare/index.js';
import { confluent } from '../confluent/index.js';
import { crowdstrike } from '../crowdstrike/index.js';
import { elasticCloud } from '../elastic-cloud/index.js';
import { fivetran } from '../fivetran/index.js';
import { pagerduty } from '../pagerduty/index.js';
import { segment } from '../segment/index.js';
import { snowflake } from '../snowflake/index.js';

export const batch2b: readonly AnyProvider[] = [fivetran, cloudflare, confluent, elasticCloud, segment, pagerduty, crowdstrike, snowflake];
