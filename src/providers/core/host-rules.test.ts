import { describe, expect, it } from 'vitest';
import { allIntegrations, getEntry } from '../registry.js';
import { fill } from './definition.js';
import { describeRule, destinationProblem, hostRules, matchesHostRules } from './host-rules.js';
import type { CatalogEntry, ContextField } from './types.js';

const rules = (slug: string, d: 'baseUrl' | 'tokenUrl' = 'baseUrl') => hostRules(getEntry(slug)!, d).map(describeRule);

/** A context of example values, as an account would have. */
function exampleContext(entry: CatalogEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, field] of Object.entries(entry.context) as Array<[string, ContextField]>) {
    out[name] = field.kind === 'enum' ? (field.default ?? field.values[0]!) : field.example;
  }
  return out;
}

describe('host rules derived from the declarations', () => {
  it('literal hosts, {label}.domain, whole-host hostname fields (endsWith) and enums', () => {
    expect(rules('github')).toEqual(['api.github.com']);
    expect(rules('zendesk')).toEqual(['*.zendesk.com']);
    expect(rules('zendesk', 'tokenUrl')).toEqual(['*.zendesk.com']);
    expect(rules('okta')).toEqual(['*.okta.com', '*.oktapreview.com', '*.okta-emea.com', '*.okta-gov.com', '*.okta.mil']);
    expect(rules('jumpcloud')).toEqual(['console.jumpcloud.com', 'console.eu.jumpcloud.com']);
    expect(rules('datadog')).toContain('api.datadoghq.eu');
    expect(rules('adobe-marketo-engage', 'tokenUrl')).toEqual(['*.mktorest.com']);
    expect(rules('manageengine-servicedesk-plus', 'tokenUrl')).toContain('accounts.zoho.com.au');
    expect(rules('azure-active-directory', 'tokenUrl')).toEqual(['login.microsoftonline.com']);
    expect(rules('salesforce', 'tokenUrl')).toEqual(['login.salesforce.com', '*.salesforce.com']);
    expect(rules('zoom', 'tokenUrl')).toEqual(['zoom.us']);
    expect(rules('github', 'tokenUrl')).toEqual([]);
  });

  it("every integration's own base URL and token URLs, filled with example context, match its rules", () => {
    for (const { entry } of allIntegrations) {
      const context = exampleContext(entry);
      const base = new URL(fill(entry.baseUrl, context, 'baseUrl'));
      expect(matchesHostRules(base.hostname, hostRules(entry, 'baseUrl')), `${entry.slug} ${base.hostname}`).toBe(true);
      for (const method of Object.values(entry.auth)) {
        if (method.scheme.kind !== 'oauth2') continue;
        const token = new URL(fill(method.scheme.tokenUrl, context, 'tokenUrl'));
        expect(matchesHostRules(token.hostname, hostRules(entry, 'tokenUrl')), `${entry.slug} ${token.hostname}`).toBe(true);
      }
    }
  });

  it('a suffix needs a label in front, and matches no look-alike', () => {
    const zd = hostRules(getEntry('zendesk')!, 'baseUrl');
    expect(matchesHostRules('acme.zendesk.com', zd)).toBe(true);
    expect(matchesHostRules('a.b.zendesk.com', zd)).toBe(true);
    for (const h of ['zendesk.com', '.zendesk.com', 'acme.zendesk.com.evil.io', 'acmezendesk.com', 'evil-zendesk.com']) expect(matchesHostRules(h, zd), h).toBe(false);
  });
});

describe('destinationProblem', () => {
  const github = getEntry('github')!;
  const check = (url: string, selfHosted: boolean, allowPrivateHosts: boolean) => destinationProblem(github, 'baseUrl', new URL(url), { selfHosted, allowPrivateHosts });

  it('https on the integration host; any https host only when self-hosted', () => {
    expect(check('https://api.github.com', false, false)).toBeUndefined();
    expect(check('https://github.acme.internal/api/v3', false, false)).toMatch(/not one of GitHub's hosts \(api\.github\.com\)/);
    expect(check('https://github.acme.internal/api/v3', true, false)).toBeUndefined();
  });

  it('plain http only to a literal private address in the test mode, never to a public host', () => {
    for (const [selfHosted, allow] of [[false, false], [true, false], [true, true], [false, true]] as const) {
      expect(check('http://api.github.com', selfHosted, allow)).toMatch(/must use https/);
      expect(check('http://attacker.example', selfHosted, allow)).toMatch(/must use https/);
    }
    for (const url of ['http://127.0.0.1:8080/gh', 'http://[::1]:9/gh', 'http://localhost:1/gh', 'http://10.1.2.3/gh']) {
      expect(check(url, false, true), url).toBeUndefined();
      expect(check(url, false, false), url).toMatch(/must use https/);
      expect(check(url, true, false), url).toMatch(/must use https/);
    }
    // In the test mode a private https address needs no mark; outside it, it is just another host.
    expect(check('https://127.0.0.1:8443', false, true)).toBeUndefined();
    expect(check('https://127.0.0.1:8443', false, false)).toMatch(/not one of GitHub's hosts/);
  });
});
