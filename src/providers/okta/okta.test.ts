import { describe, expect, it } from 'vitest';
import { checkRequest, loadSpec } from '../../../test/helpers/openapi.js';
import { fixture, runDeletion, useFakeVendor } from '../../../test/helpers/provider.js';
import { okta, type OktaUser } from './index.js';

const user = fixture<OktaUser>('okta', 'user.json');
const ID = '00ub0oNGTSWTBKOLGLNR';
const vendor = useFakeVendor();

describe('okta', () => {
  it('reads, deactivates, then deletes an active user, with SSWS auth', async () => {
    vendor.fake
      .on(`GET /api/v1/users/${ID}`, { body: user })
      .on(`POST /api/v1/users/${ID}/lifecycle/deactivate`, { status: 200, body: {} })
      .on(`DELETE /api/v1/users/${ID}`, { status: 204 });

    const out = await runDeletion(okta, { baseUrl: vendor.fake.url, credentials: { method: 'api_token', apiToken: '00abc-token-xyz' }, context: { domain: 'acme.okta.com' }, id: ID });

    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`, `POST /api/v1/users/${ID}/lifecycle/deactivate`, `DELETE /api/v1/users/${ID}`]);
    for (const r of vendor.fake.requests) {
      expect(r.headers.authorization).toBe('SSWS 00abc-token-xyz');
      expect(r.headers.accept).toBe('application/json');
      expect(r.rawBody).toBe('');
    }
    expect(out.outcome).toBe('DELETED');
    // The user as the deletion left them; the snapshot read before it is `before`.
    expect(out.user).toMatchObject({ id: ID, status: 'DELETED', rawStatus: null, name: 'Isaac Brock' });
    expect(out.before).toEqual({
      id: ID,
      firstName: 'Isaac',
      lastName: 'Brock',
      name: 'Isaac Brock',
      username: 'isaac.brock@example.com',
      title: 'Director',
      userType: 'Employee',
      emails: [
        { email: 'isaac.brock@example.com', type: 'primary', isPrimary: true },
        { email: 'isaac@example.org', type: 'secondary', isPrimary: false },
      ],
      phones: [
        { number: '+1-555-514-1337', type: 'primary' },
        { number: '+1-555-415-1337', type: 'mobile' },
      ],
      status: 'ACTIVE',
      rawStatus: 'ACTIVE',
      languages: ['en-US'],
      createdAt: new Date('2013-06-24T16:39:18.000Z'),
      updatedAt: new Date('2013-07-02T21:36:25.344Z'),
      lastLoginAt: new Date('2013-06-24T17:39:19.000Z'),
      statusChangedAt: new Date('2013-06-24T16:39:19.000Z'),
      activatedAt: new Date('2013-06-24T16:39:19.000Z'),
    });
  });

  it('skips the deactivation of a DEPROVISIONED user, uses the Okta id for a login, passes remote_query and OAuth bearer tokens', async () => {
    const deprovisioned = { ...user, status: 'DEPROVISIONED' };
    vendor.fake.on('GET /api/v1/users/isaac.brock%40example.com', { body: deprovisioned }).on(`DELETE /api/v1/users/${ID}`, { status: 204 });

    const out = await runDeletion(okta, {
      baseUrl: vendor.fake.url,
      credentials: { method: 'oauth', accessToken: 'eyJ.access.token' },
      context: { domain: 'acme.okta.com' },
      id: 'isaac.brock@example.com',
      remoteQuery: { sendEmail: 'true' },
    });
    expect(vendor.fake.calls()).toEqual(['GET /api/v1/users/isaac.brock%40example.com', `DELETE /api/v1/users/${ID}?sendEmail=true`]);
    expect(vendor.fake.requests.every((r) => r.headers.authorization === 'Bearer eyJ.access.token')).toBe(true);
    expect(out.before?.status).toBe('INACTIVE');
    expect(out.before?.rawStatus).toBe('DEPROVISIONED');
    expect(out.user.status).toBe('DELETED');
  });

  it('every request conforms to okta.yaml', async () => {
    vendor.fake
      .on(`GET /api/v1/users/${ID}`, { body: user })
      .on(`POST /api/v1/users/${ID}/lifecycle/deactivate`, { status: 200, body: {} })
      .on(`DELETE /api/v1/users/${ID}`, { status: 204 });
    await runDeletion(okta, { baseUrl: vendor.fake.url, credentials: { method: 'api_token', apiToken: 't0ken-value' }, context: { domain: 'acme.okta.com' }, id: ID, remoteQuery: { sendEmail: 'false' } });
    const spec = loadSpec('okta.yaml');
    expect(vendor.fake.requests).toHaveLength(3);
    expect(vendor.fake.requests.flatMap((r) => checkRequest(spec, r))).toEqual([]);
    // the checker itself rejects what the description lacks
    expect(checkRequest(spec, { ...vendor.fake.requests[2]!, path: `/api/v1/users/${ID}/lifecycle/explode` })).not.toEqual([]);
    expect(checkRequest(spec, { ...vendor.fake.requests[2]!, query: { force: 'true' } })).not.toEqual([]);
  });

  it('maps an Okta 404 to NOT_FOUND and never deletes', async () => {
    vendor.fake.on(`GET /api/v1/users/${ID}`, { status: 404, body: fixture('okta', 'error-404.json') });
    await expect(runDeletion(okta, { baseUrl: vendor.fake.url, credentials: { method: 'api_token', apiToken: 't0ken-value' }, context: { domain: 'acme.okta.com' }, id: ID })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { remote: { status: 404, body: { errorCode: 'E0000007' } } },
    });
    expect(vendor.fake.calls()).toEqual([`GET /api/v1/users/${ID}`]);
  });

  it('waits for X-Rate-Limit-Reset on a 429 and retries', async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    vendor.fake
      .on(`GET /api/v1/users/${ID}`, { status: 429, headers: { 'x-rate-limit-reset': reset }, body: { errorCode: 'E0000047' } }, { body: user })
      .on(`POST /api/v1/users/${ID}/lifecycle/deactivate`, { body: {} })
      .on(`DELETE /api/v1/users/${ID}`, { status: 204 });
    const out = await runDeletion(okta, { baseUrl: vendor.fake.url, credentials: { method: 'api_token', apiToken: 't0ken-value' }, context: { domain: 'acme.okta.com' }, id: ID });
    expect(vendor.fake.calls()[0]).toBe(vendor.fake.calls()[1]);
    expect(out.outcome).toBe('DELETED');
  });

  it('accepts only Okta domains as context', async () => {
    await expect(runDeletion(okta, { baseUrl: vendor.fake.url, credentials: { method: 'api_token', apiToken: 'x1234' }, context: { domain: 'evil.com#.okta.com' }, id: ID })).rejects.toThrow(/context.domain/);
    await expect(runDeletion(okta, { baseUrl: vendor.fake.url, credentials: { method: 'api_token', apiToken: 'x1234' }, context: { domain: 'okta.com.evil.com' }, id: ID })).rejects.toThrow(/must end with/);
    expect(vendor.fake.requests).toHaveLength(0);
  });
});
