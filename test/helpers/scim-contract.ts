/**
 * The tests every SCIM integration that deactivates (PATCH active:false, RFC 7644 §3.5.2) shares:
 * read then PATCH (never DELETE) with the vendor's auth, a bodiless 204 answer, no second PATCH for
 * a user already inactive (ALREADY_DEACTIVATED), `Me` refused, a 404 on the read, a revoked token,
 * and remote_query on the PATCH only. Each integration's test file calls it and
 * adds what is its own (hosts, quirks, other error statuses).
 */
import { expect, it } from 'vitest';
import type { ScimUser } from '../../src/providers/core/scim.js';
import type { UnifiedUser } from '../../src/providers/core/types.js';
import type { AnyProvider } from '../../src/providers/registry.js';
import type { FakeVendor, RecordedRequest } from './fake-vendor.js';
import { runDeletion, unfilledMappedFields } from './provider.js';

export const SCIM_JSON = { 'content-type': 'application/scim+json' };
export const SCIM_DEACTIVATE = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] };
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimDeactivationCase {
  provider: AnyProvider;
  vendor: { readonly fake: FakeVendor; readonly baseUrl: string };
  /** The base path the fake serves (the part of baseUrl after the host). */
  base: string;
  id: string;
  credentials: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** The vendor's user before and after the PATCH, and the 404 body. */
  user: ScimUser;
  deactivated: ScimUser;
  error404: unknown;
  /** `deactivated` mapped by hand. */
  expectedUser: UnifiedUser;
  /** The auth header the vendor expects on every call, e.g. `Bearer <token>`. */
  authorization: string;
  /** The Accept header the provider sends, when the vendor documents one. */
  accept?: string;
  /** Content-Type of the PATCH (default application/scim+json). */
  patchContentType?: string;
  /** The vendor's word for it in test names ("archives", "deactivates"). */
  verb?: string;
}

export function scimDeactivationContract(c: ScimDeactivationCase): void {
  const verb = c.verb ?? 'deactivates';
  const userPath = `${c.base}/Users/${c.id}`;
  const run = (extra: { remoteQuery?: Record<string, unknown> } = {}) =>
    runDeletion(c.provider, { baseUrl: c.vendor.baseUrl, credentials: c.credentials, context: c.context, id: c.id, ...extra });
  const routes = (patchReply: { status?: number; headers?: Record<string, string>; body?: unknown } = { headers: SCIM_JSON, body: c.deactivated }) =>
    c.vendor.fake.on(`GET ${userPath}`, { headers: SCIM_JSON, body: c.user }).on(`PATCH ${userPath}`, patchReply);
  const expectRequests = (requests: RecordedRequest[]) => {
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r.headers.authorization).toBe(c.authorization);
      if (c.accept) expect(r.headers.accept).toBe(c.accept);
      expect(r.search).toBe('');
      if (r.method === 'PATCH') {
        expect(r.headers['content-type']).toBe(c.patchContentType ?? 'application/scim+json');
        expect(JSON.parse(r.rawBody)).toEqual(SCIM_DEACTIVATE);
      } else {
        expect(r.method).toBe('GET');
        expect(r.rawBody).toBe('');
      }
    }
  };

  it(`reads the user, then ${verb} it with PATCH active=false (never DELETE)`, async () => {
    routes();
    const out = await run();
    expect(c.vendor.fake.unexpected).toEqual([]);
    expect(c.vendor.fake.calls()).toEqual([`GET ${userPath}`, `PATCH ${userPath}`]);
    expectRequests(c.vendor.fake.requests);
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(c.deactivated);
    expect(out.user).toEqual(c.expectedUser);
    expect(unfilledMappedFields(c.provider, out.user)).toEqual([]);
  });

  it('tolerates a PATCH answered 204 without a body: the user is the snapshot as the outcome leaves it', async () => {
    routes({ status: 204 });
    const out = await run();
    expect(out.outcome).toBe('DEACTIVATED');
    expect(out.raw).toEqual(c.user);
    const before = c.provider.toUser(c.user, { id: c.id, params: {} });
    expect(before.status).toBe('ACTIVE');
    expect(out.before).toEqual(before);
    expect(out.user).toEqual({ ...before, status: 'INACTIVE', rawStatus: null });
  });

  it(`sends no second PATCH to a user the snapshot shows inactive already, and answers ALREADY_DEACTIVATED`, async () => {
    c.vendor.fake.on(`GET ${userPath}`, { headers: SCIM_JSON, body: c.deactivated });
    const out = await run();
    expect(c.vendor.fake.unexpected).toEqual([]);
    expect(c.vendor.fake.calls()).toEqual([`GET ${userPath}`]);
    expect(out.outcome).toBe('ALREADY_DEACTIVATED');
    expect(out.user).toEqual(c.expectedUser);
    expect(out.user.status).toBe('INACTIVE');
    expect(out.response).toBeNull();
  });

  it('refuses the SCIM alias Me (any case) before any call', async () => {
    for (const id of ['Me', 'me', 'ME']) {
      await expect(runDeletion(c.provider, { baseUrl: c.vendor.baseUrl, credentials: c.credentials, context: c.context, id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(c.vendor.fake.requests).toEqual([]);
  });

  it(`maps a 404 on the read to NOT_FOUND with the SCIM error body and never ${verb.replace(/s$/, '')}s`, async () => {
    c.vendor.fake.on(`GET ${userPath}`, { status: 404, headers: SCIM_JSON, body: c.error404 });
    await expect(run()).rejects.toMatchObject({ code: 'NOT_FOUND', details: { integration: c.provider.name, remote: { status: 404, body: c.error404 } } });
    expect(c.vendor.fake.calls()).toEqual([`GET ${userPath}`]);
  });

  it('maps a revoked token (401) to REAUTH_REQUIRED and a SCIM 400 on the PATCH to REMOTE_ERROR', async () => {
    c.vendor.fake.on(`GET ${userPath}`, { status: 401, headers: SCIM_JSON, body: { schemas: [SCIM_ERROR], status: '401', detail: 'Unauthorized' } });
    await expect(run()).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    c.vendor.fake.reset();
    const invalid = { schemas: [SCIM_ERROR], status: '400', scimType: 'invalidValue', detail: 'active must be a boolean' };
    routes({ status: 400, headers: SCIM_JSON, body: invalid });
    await expect(run()).rejects.toMatchObject({ code: 'REMOTE_ERROR', details: { remote: { status: 400, body: invalid } } });
  });

  it('passes remote_query on the PATCH only', async () => {
    routes();
    await run({ remoteQuery: { reason: 'offboarding' } });
    expect(c.vendor.fake.calls()).toEqual([`GET ${userPath}`, `PATCH ${userPath}?reason=offboarding`]);
  });
}
