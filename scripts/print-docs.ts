/** Re-generates the integrations table in README.md from the registry (`npm run docs`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrationsTable, TABLE_END, TABLE_START } from '../src/docs/integrations-table.js';

const file = join(process.cwd(), 'README.md');
const readme = readFileSync(file, 'utf8');
const start = readme.indexOf(TABLE_START);
const end = readme.indexOf(TABLE_END);
if (start < 0 || end < start) throw new Error('README.md has no integrations table markers');
writeFileSync(file, readme.slice(0, start) + integrationsTable() + readme.slice(end + TABLE_END.length));
process.stdout.write(`wrote the integrations table into ${file}\n`);
