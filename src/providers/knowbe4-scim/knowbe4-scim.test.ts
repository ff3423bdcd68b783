import { describe, expect, it } from 'vitest';
import { fixture, useFakeVendor } from '../../../test/helpers/provider.js';
import { scimDeactivationContract } from '../../../test/helpers/scim-contract.js';
import { buildBaseUrl, validateContext } from '../core/definition.js';
import type { ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';
import { knowbe4Scim } from './index.js';

const user = fixture<ScimUser>('knowbe4-scim', 'user.json');
const archived = fixture<ScimUser>('knowbe4-scim', 'user-archived.json');
const error404 = fixture('knowbe4-scim', 'error-404.json');
const ID = '2819c223-7f76-453a-919d-413861904646';
const TOKEN = 'kb4-scim-token-0123456789abcdef';
const credentials = { method: 'scim_token', scimToken: TOKEN };
const context = { host: 'training.knowbe4.com' };
const BASE = '/scim/v2';

const vendor = useFakeVendor(BASE);

/** user-archived.json mapped by hand (displayName is KnowBe4's full name when present). */
const expectedUser: UnifiedUser = {
  id: ID,
  externalId: '701984',
  firstName: 'Barbara',
  lastName: 'Jensen',
  name: 'Babs Jensen',
  username: 'bjensen@example.com',
  status: 'INACTIVE',
  rawStatus: 'inactive',
  title: 'Tour Guide',
};

describe('knowbe4 scim', () => {
  scimDeactivationContract({
    provider: knowbe4Scim,
    vendor,
    base: BASE,
    id: ID,
    credentials,
    context,
    user,
    deactivated: archived,
    error404,
    expectedUser,
    authorization: `Bearer ${TOKEN}`,
    accept: 'application/scim+json, application/json',
    verb: 'archives',
  });

  it('builds the base URL from a KnowBe4 host and refuses any other host', () => {
    expect(buildBaseUrl(knowbe4Scim, validateContext(knowbe4Scim, context)).href).toBe('https://training.knowbe4.com/scim/v2');
    expect(buildBaseUrl(knowbe4Scim, validateContext(knowbe4Scim, { host: 'EU.knowbe4.com' })).href).toBe('https://eu.knowbe4.com/scim/v2');
    for (const host of ['evil.com', 'knowbe4.com', 'knowbe4.com.evil.com', 'evilknowbe4.com', 'training.knowbe4.com/x', 'training.knowbe4.com:8443', 'https://training.knowbe4.com', '127.0.0.1']) {
      expect(() => validateContext(knowbe4Scim, { host }), host).toThrow(/context\.host/);
    }
    expect(() => validateContext(knowbe4Scim, {})).toThrow(/context\.host is required/);
  });
});
