import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integrationsTable, TABLE_END, TABLE_START } from '../src/docs/integrations-table.js';
import { allIntegrations } from '../src/providers/registry.js';

describe('README', () => {
  it('carries the integrations table the registry prints (run `npm run docs` after changing integrations)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start, end + TABLE_END.length)).toBe(integrationsTable());
  });

  it('says at the top how many integrations are implemented, as the registry counts them (and package.json too)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { description: string };
    const implemented = allIntegrations.filter((r) => r.provider).length;
    const intro = readme.slice(0, readme.indexOf('```'));
    expect(intro).toContain(`${implemented} of the ${allIntegrations.length} integrations of the spec are implemented`);
    expect(intro).toContain(`the ${allIntegrations.length - implemented}\nothers answer`);
    expect(pkg.description).toContain(`${implemented} of ${allIntegrations.length} integrations implemented`);
  });

  it('every implemented integration has vendor notes', () => {
    for (const { entry, provider } of allIntegrations) {
      if (!provider) continue;
      expect(() => readFileSync(new URL(`../docs/vendors/${entry.slug}.md`, import.meta.url)), entry.slug).not.toThrow();
    }
  });

  it('states the node flags `npm start` really uses', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const cmd = /node (?:--[\w-]+=\S+ )+dist\/src\/main\.js/.exec(pkg.scripts.start!)?.[0];
    expect(cmd).toBeDefined();
    expect(readme).toContain(`\`${cmd}\``);
  });
});
