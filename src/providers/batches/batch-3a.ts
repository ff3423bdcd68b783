/**
 * Providers of integration batch 3a, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import type { AnyProvider } from '../registry.js';
import { clickup } from '../clickup/index.js';
import { mondayCom } from '../monday-com/index.js';
import { smartsheet } from '../smartsheet/index.js';
import { teamworkProjectManagement } from '../teamwork-project-management/index.js';
import { trello } from '../trello/index.js';

export const batch3a: readonly AnyProvider[] = [clickup, mondayCom, smartsheet, teamworkProjectManagement, trello];
