/**
 * Integrations left unimplemented (the vendor documents no API that removes a user, or none could be
 * confirmed) answer UNSUPPORTED with the reason and the vendor's documented manual way, not "not
 * implemented yet".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../src/providers/catalog.js';
import { createAccount, type RunningService, startService } from './helpers/service.js';

const DELETE = `mutation($id: ID!, $acc: ID!) { deleteUser(id: $id, integratedAccountId: $acc) { id } }`;

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.stop();
});

describe('vendors without a user-removal API', () => {
  it('every integration left unimplemented says why and names the vendor\'s manual way', () => {
    expect(catalog.length).toBeGreaterThan(0);
    for (const entry of catalog) {
      expect(entry.unsupported, entry.slug).toBeDefined();
      expect(entry.unsupported!.length, entry.slug).toBeGreaterThan(60);
    }
  });

  it('Figma names its SCIM integration and the admin settings as the way, in GraphQL and REST', async () => {
    const figma = catalog.find((e) => e.slug === 'figma');
    expect(figma?.unsupported).toMatch(/figma-scim/);
    const acc = await createAccount(svc, { integration: 'figma', credentials: { method: 'personal_access_token', apiToken: 'figd_unsupported-test-token' } });
    const res = await svc.gql(DELETE, { id: '1234', acc });
    const error = res.body.errors![0]!;
    expect(error.extensions!.code).toBe('UNSUPPORTED');
    expect(error.message).toContain("Deleting users is not available for Figma: Figma's REST API has no call");
    expect(error.message).toContain('figma-scim');
    expect(error.message).toContain('Remove from organization');
    expect(res.text).not.toContain('figd_unsupported-test-token');
  });
});
