/**
 * Providers of integration batch 4, each implemented in its own folder (src/providers/<slug>/) and
 * listed here; src/providers/registry.ts adds this list to the registry. One file per batch, so the
 * batches are written side by side without touching the same lines.
 */
import type { AnyProvider } from '../registry.js';
import { calendly } from '../calendly/index.js';
import { ciscoMeraki } from '../cisco-meraki/index.js';
import { dialpad } from '../dialpad/index.js';
import { docusign } from '../docusign/index.js';
import { dropboxSign } from '../dropbox-sign/index.js';
import { jamf } from '../jamf/index.js';
import { lastpass } from '../lastpass/index.js';
import { teamviewer } from '../teamviewer/index.js';
import { wordpress } from '../wordpress/index.js';
import { zoom } from '../zoom/index.js';

export const batch4: readonly AnyProvider[] = [zoom, calendly, dialpad, dropboxSign, ciscoMeraki, docusign, lastpass, jamf, wordpress, teamviewer];
