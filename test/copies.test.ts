/**
 * The spec and the vendor descriptions the tests use are copied into the repository so a clean
 * clone tests itself; where ../shared exists (the workspace), the copies must still be verbatim.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../shared/', import.meta.url);
const contracts = readdirSync(new URL('./contracts/', import.meta.url)).filter((f) => f !== 'README.md');
/** Descriptions taken from the vendor's own repository rather than ../shared/specs: their source is in the README. */
const fromVendor = existsSync(shared) ? contracts.filter((f) => !existsSync(new URL(`specs/${f}`, shared))) : [];
const pairs: Array<[string, string]> = [
  ['spec/delete-user-spec.json', 'spec/delete-user-spec.json'],
  ...contracts.filter((f) => !fromVendor.includes(f)).map((f): [string, string] => [`test/contracts/${f}`, `specs/${f}`]),
];

describe('copies of ../shared', () => {
  it.skipIf(!existsSync(shared))('are verbatim', () => {
    for (const [local, original] of pairs) {
      const a = readFileSync(new URL(`../${local}`, import.meta.url));
      const b = readFileSync(new URL(original, shared));
      expect(a.equals(b), `${local} differs from ../shared/${original}`).toBe(true);
    }
  });

  it('name the source of every description not in ../shared/specs', () => {
    const readme = readFileSync(new URL('./contracts/README.md', import.meta.url), 'utf8');
    for (const f of fromVendor) expect(readme, `${f} has no source row in test/contracts/README.md`).toMatch(new RegExp(`^\\| ${f.replace(/\./g, '\\.')} \\|.*: `, 'm'));
  });
});
