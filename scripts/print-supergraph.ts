/**
 * Writes deploy/supergraph.graphql, the supergraph Apollo Router serves in compose.yaml
 * (`npm run supergraph` after `npm run schema`; test/deploy.test.ts fails when it is stale).
 */
import { writeFileSync } from 'node:fs';
import { deploySupergraph } from '../examples/gateway/federation.js';

const file = new URL('../deploy/supergraph.graphql', import.meta.url);
writeFileSync(file, deploySupergraph());
process.stdout.write(`wrote ${file.pathname}\n`);
