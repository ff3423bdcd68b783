/** Prints the subgraph SDL into schema.graphql at the project root (`npm run schema`). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraph } from '../src/graphql/schema.js';

const target = join(process.cwd(), 'schema.graphql');
writeFileSync(target, buildSubgraph().sdl);
process.stdout.write(`wrote ${target}\n`);
