import { describe, expect, it } from 'vitest';
import { getEntry } from '../registry.js';
import { buildBaseUrl, checkContextValue, resolveAuth, validateContext, validateCredentials } from './definition.js';

describe('context, credentials and base URLs', () => {
  it('a subdomain is one hostname label', () => {
    const f = { kind: 'subdomain', description: 'x', example: 'acme' } as const;
    expect(checkContextValue('subdomain', f, 'Acme')).toEqual({ value: 'acme' });
    for (const bad of ['evil.com', 'a.b', 'a/b', 'a#b', '-a', 'a'.repeat(64), 'a b', '127.0.0.1']) {
      expect(checkContextValue('subdomain', f, bad).error, bad).toBeDefined();
    }
  });

  it('a hostname must end with the vendor suffix and be a real hostname', () => {
    const f = { kind: 'hostname', description: 'x', example: 'acme.okta.com', endsWith: ['.okta.com'] } as const;
    expect(checkContextValue('domain', f, 'acme.okta.com')).toEqual({ value: 'acme.okta.com' });
    for (const bad of ['evil.com#.okta.com', 'evil.com/.okta.com', 'okta.com', '.okta.com', 'acme.okta.com:8443', 'user@acme.okta.com', '127.0.0.1', '[::1]']) {
      expect(checkContextValue('domain', f, bad).error, bad).toBeDefined();
    }
  });

  it('rejects unknown context keys and missing ones', () => {
    expect(() => validateContext(getEntry('zendesk')!, { subdomain: 'acme', extra: 'x' })).toThrow(/context.extra is not a context field of Zendesk/);
    expect(() => validateContext(getEntry('zendesk')!, {})).toThrow(/context.subdomain is required/);
  });

  it('validates credentials against the auth method', () => {
    const zd = getEntry('zendesk')!;
    expect(validateCredentials(zd, { method: 'api_token', email: 'a@b.co', apiToken: 'tok' })).toEqual({ method: 'api_token', fields: { email: 'a@b.co', apiToken: 'tok' } });
    expect(() => validateCredentials(zd, { email: 'a@b.co', apiToken: 'tok' })).toThrow(/credentials.method must be one of api_token, oauth/);
    expect(() => validateCredentials(zd, { method: 'api_token', email: 'a@b.co' })).toThrow(/credentials.apiToken is required/);
    expect(() => validateCredentials(zd, { method: 'api_token', email: 'a@b.co', apiToken: 't', password: 'x' })).toThrow(/credentials.password is not a field/);
    expect(() => validateCredentials(zd, { method: 'api_token', email: 'a@b.co', apiToken: 't\r\nX-Evil: 1' })).toThrow(/control character/);
    // the only method may be implied
    expect(validateCredentials(getEntry('github')!, { token: 'ghp_x' }).method).toBe('token');
  });

  it('resolves auth into headers', () => {
    const zd = getEntry('zendesk')!;
    const auth = resolveAuth(zd, { method: 'api_token', fields: { email: 'a@b.co', apiToken: 'tok' } });
    expect(auth.headers.authorization).toBe(`Basic ${Buffer.from('a@b.co/token:tok').toString('base64')}`);
    expect(resolveAuth(getEntry('okta')!, { method: 'api_token', fields: { apiToken: 'abc' } }).headers.authorization).toBe('SSWS abc');
    expect(resolveAuth(getEntry('okta')!, { method: 'oauth', fields: { accessToken: 'at' } }).headers.authorization).toBe('Bearer at');
  });

  it('builds base URLs from context, or takes a safe override', () => {
    expect(buildBaseUrl(getEntry('zendesk')!, { subdomain: 'acme' }).href).toBe('https://acme.zendesk.com/');
    expect(buildBaseUrl(getEntry('github')!, {}, 'https://ghe.acme.io/api/v3').href).toBe('https://ghe.acme.io/api/v3');
    expect(() => buildBaseUrl(getEntry('github')!, {}, 'ftp://x')).toThrow(/https/);
    expect(() => buildBaseUrl(getEntry('github')!, {}, 'https://u:p@x.io')).toThrow(/credentials/);
    expect(() => buildBaseUrl(getEntry('github')!, {}, 'https://x.io/?a=1')).toThrow(/query/);
  });
});
