/**
 * The spec and the vendor descriptions the tests use are copied into the repository so a clean
 * clone tests itself; where ../shared exists (the workspace), the copies must still be verbatim.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../shared/', import.meta.url);
const pairs: Array<[string, string]> = [
  ['spec/delete-user-spec.json', 'spec/delete-user-spec.json'],
  ...readdirSync(new URL('./contracts/', import.meta.url))
    .filter((f) => f !== 'README.md')
    .map((f): [string, string] => [`test/contracts/${f}`, `specs/${f}`]),
];

describe('copies of ../shared', () => {
  it.skipIf(!existsSync(shared))('are verbatim', () => {
    for (const [local, original] of pairs) {
      const a = readFileSync(new URL(`../${local}`, import.meta.url));
      const b = readFileSync(new URL(original, shared));
      expect(a.equals(b), `${local} differs from ../shared/${original}`).toBe(true);
    }
  });
});
