/**
 * The registry against spec/delete-user-spec.json (a verbatim copy of ../shared/spec/delete-user-spec.json): all 76 integrations, each one's
 * required and supported params and "either one of" rules, and, for implemented integrations,
 * the response fields the spec says they map.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTENSION_PARAMS, PARAMS } from '../src/providers/core/params.js';
import { EXTENSION_PARAM_NAMES, PARAM_NAMES, type ParamName } from '../src/providers/core/types.js';
import { allIntegrations, getIntegration, providers } from '../src/providers/registry.js';

interface Spec {
  integrations: string[];
  integration_params: Array<{ name: string; required_in: string[]; supported_in: string[]; notes?: Record<string, string> }>;
  response_fields: Array<{ field: string; supported_in: string[] }>;
}
const spec = JSON.parse(readFileSync(new URL('../spec/delete-user-spec.json', import.meta.url), 'utf8')) as Spec;

const byName = new Map(allIntegrations.map((r) => [r.entry.name, r]));
const restToParam = new Map(PARAM_NAMES.map((p) => [PARAMS[p].restName, p]));
/**
 * Response fields the spec lists for an integration whose vendor holds no such data: mapping them
 * would mean inventing values, so they are exempt, each with the reason from the vendor's docs.
 */
const NOT_AT_VENDOR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Datadog: {
    bio: 'a Datadog user has no biography field (UserAttributes in https://docs.datadoghq.com/api/latest/users/#get-user-details: created_at, disabled, email, handle, icon, last_login_time, mfa_enabled, modified_at, name, service_account, status, title, verified); title is mapped to title',
  },
  'Dropbox Sign (HelloSign)': {
    name: 'an API v3 account has no name: AccountResponse and TeamMemberResponse carry only ids, email, role and plan (test/contracts/dropbox-sign.yaml)',
  },
  JumpCloud: {
    licenses: 'a JumpCloud user has no license object; JumpCloud bills per user record (https://jumpcloud.com/support/faq-billing-charges-and-invoices)',
  },
  // The User attributes read (developers.outreach.io/api/reference/tag/User/, Stitch's tap-outreach schema)
  // carry no language, activation date or licence object.
  Outreach: {
    languages: 'no language or locale attribute on the Outreach User resource (developers.outreach.io/api/reference/tag/User/)',
    activatedAt: 'no activation date on the Outreach User resource (createdAt, currentSignInAt and lastSignInAt only)',
    licenses: 'no licence object on the Outreach User resource; a seat is only implied by locked: false',
  },
  // Mapping these would report false values.
  'Notion SCIM': {
    createdAt: 'https://www.notion.com/help/provision-users-and-groups-with-scim: "meta.created and meta.lastModified do not reflect meaningful timestamp values"',
    updatedAt: 'https://www.notion.com/help/provision-users-and-groups-with-scim: "meta.created and meta.lastModified do not reflect meaningful timestamp values"',
  },
};
const camel = (s: string) => (s === 'is_2fa_enabled' ? 'is2faEnabled' : s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));

describe('conformance with the spec', () => {
  it('knows exactly the 76 integrations of the spec, with unique slugs', () => {
    expect(spec.integrations).toHaveLength(76);
    expect([...byName.keys()].sort()).toEqual([...spec.integrations].sort());
    const slugs = allIntegrations.map((r) => r.entry.slug);
    expect(new Set(slugs).size).toBe(76);
    for (const s of slugs) expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('declares every param exactly as the spec requires or supports it', () => {
    expect(spec.integration_params.map((p) => p.name).sort()).toEqual(PARAM_NAMES.map((p) => PARAMS[p].restName).sort());
    for (const name of spec.integrations) {
      const entry = byName.get(name)!.entry;
      const expected: Partial<Record<ParamName, 'required' | 'supported'>> = {};
      for (const p of spec.integration_params) {
        const key = restToParam.get(p.name)!;
        if (p.required_in.includes(name)) expected[key] = 'required';
        else if (p.supported_in.includes(name)) expected[key] = 'supported';
      }
      const declared = Object.fromEntries(Object.entries(entry.params).map(([k, v]) => [k, v!.use]));
      expect({ name, params: declared }).toEqual({ name, params: expected });
      for (const p of spec.integration_params) {
        const note = p.notes?.[name];
        const key = restToParam.get(p.name)!;
        if (note && entry.params[key]) expect(entry.params[key]!.note, `${name} ${p.name} note`).toBe(note);
      }
    }
  });

  it('keeps params beyond the spec apart: never a spec name, offered only by the integrations that declare them', () => {
    const specNames = new Set(spec.integration_params.map((p) => p.name));
    for (const p of EXTENSION_PARAM_NAMES) {
      expect(specNames.has(EXTENSION_PARAMS[p].restName), p).toBe(false);
      expect((PARAM_NAMES as readonly string[]).includes(p), p).toBe(false);
    }
    const declaring = allIntegrations.filter((r) => Object.keys(r.entry.extensionParams ?? {}).length > 0).map((r) => r.entry.slug);
    // Each extension is declared deliberately, where the vendor documents what it does.
    expect(declaring).toEqual(['zendesk']);
    expect(Object.keys(getIntegration('zendesk')!.entry.extensionParams ?? {})).toEqual(['irreversiblyEraseUserData']);
  });

  it('enforces the spec\'s "either one of" rules', () => {
    expect(getIntegration('gitlab')!.entry.either?.map((r) => [...r.oneOf].sort())).toEqual([['organizationId', 'workspaceId']]);
    expect(getIntegration('vercel')!.entry.either?.map((r) => [...r.oneOf].sort())).toEqual([['groups', 'workspace']]);
    const withRules = allIntegrations.filter((r) => r.entry.either?.length).map((r) => r.entry.slug).sort();
    expect(withRules).toEqual(['gitlab', 'vercel']);
  });

  it('implemented integrations map at least every response field the spec lists for them', () => {
    const implemented = allIntegrations.filter((r) => r.provider);
    expect(implemented.map((r) => r.entry.slug).sort()).toEqual(providers.map((p) => p.slug).sort());
    expect(implemented.length).toBeGreaterThanOrEqual(6);
    for (const { entry, provider } of implemented) {
      const expected = spec.response_fields
        .filter((f) => !f.field.includes('.') && f.field !== 'remote_data' && f.supported_in.includes(entry.name))
        .map((f) => camel(f.field));
      const exempt = NOT_AT_VENDOR[entry.name] ?? {};
      const missing = expected.filter((f) => !(provider!.maps as readonly string[]).includes(f) && exempt[f] === undefined);
      expect({ integration: entry.name, missing }).toEqual({ integration: entry.name, missing: [] });
      // An exemption is for a field the spec lists and the provider does not map; a stale one fails.
      for (const f of Object.keys(exempt)) {
        expect(expected, `${entry.name}: ${f} is exempt but the spec does not list it`).toContain(f);
        expect(provider!.maps, `${entry.name}: ${f} is exempt but mapped`).not.toContain(f);
      }
    }
  });

  it('every base URL and token URL placeholder is a declared context field', () => {
    for (const { entry } of allIntegrations) {
      const urls = [entry.baseUrl, ...Object.values(entry.auth).map((a) => (a.scheme.kind === 'oauth2' || a.scheme.kind === 'jwt_bearer' ? a.scheme.tokenUrl : a.scheme.kind === 'session' ? a.scheme.signIn.url : ''))];
      for (const u of urls) {
        for (const [, name] of u.matchAll(/\{([A-Za-z0-9_]+)\}/g)) expect(entry.context, `${entry.slug}: {${name}}`).toHaveProperty(name!);
      }
      expect(entry.docs, entry.slug).toMatch(/^https:\/\//);
      expect(Object.keys(entry.auth).length, entry.slug).toBeGreaterThan(0);
    }
  });
});
