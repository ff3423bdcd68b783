/**
 * Federation: this subgraph composed with a small HR subgraph (@apollo/composition) and served
 * through @apollo/gateway over real HTTP. The HR subgraph references Users by
 * { id integratedAccountId }; our _entities resolves them through a per-request DataLoader
 * that reads each distinct user from the vendor once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, HR_SDL, readSupergraphConfig, type Running, startGateway, startHrSubgraph } from '../examples/gateway/federation.js';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

let svc: RunningService;
let fake: FakeVendor;
let hr: Running;
let gateway: Running;
let gatewayUrl: string;
let oktaAccount: string;
const OKTA_ID = '00ub0oNGTSWTBKOLGLNR';

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  oktaAccount = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: 'fed-okta-token-1234' }, context: { domain: 'acme.okta.com' }, baseUrl: fake.url });

  const employees = [
    { id: 'e1', name: 'Isaac', user: { id: OKTA_ID, integratedAccountId: oktaAccount } },
    { id: 'e2', name: 'Isaac again (same Okta user)', user: { id: OKTA_ID, integratedAccountId: oktaAccount } },
    { id: 'e3', name: 'Other', user: { id: '00uother', integratedAccountId: oktaAccount } },
  ];
  // The HR subgraph and gateway of examples/gateway (npm run example:gateway).
  hr = await startHrSubgraph(employees);
  const sdlRes = await svc.gql('{ _service { sdl } }');
  gateway = await startGateway(
    composeSupergraph([
      { name: 'users', url: `${svc.url}/graphql`, sdl: sdlRes.body.data._service.sdl },
      { name: 'hr', url: hr.url, sdl: HR_SDL },
    ]),
  );
  gatewayUrl = gateway.url;
});

afterAll(async () => {
  await gateway?.stop();
  await hr?.stop();
  await svc?.stop();
  await fake?.stop();
});

describe('federation', () => {
  it('_service.sdl carries the @key of User', async () => {
    const res = await svc.gql('{ _service { sdl } }');
    expect(res.body.data._service.sdl).toMatch(/type User\s+@key\(fields: "id integratedAccountId"\)/);
  });

  it('the example gateway forwards the Idempotency-Key (a retried deleteUser is replayed) and returns no stack trace', async () => {
    fake.on(`GET /api/v1/users/${OKTA_ID}`, { body: fixture('okta', 'user.json') });
    fake.on(`POST /api/v1/users/${OKTA_ID}/lifecycle/deactivate`, { body: {} });
    fake.on(`DELETE /api/v1/users/${OKTA_ID}`, { status: 204 });
    const send = (query: string) =>
      fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, 'idempotency-key': 'fed-gateway-key-1', 'x-request-id': 'fed-gateway-req-1' },
        body: JSON.stringify({ query }),
      }).then((r) => r.json() as Promise<{ data?: any; errors?: Array<{ extensions?: Record<string, unknown> }> }>);
    const mutation = `mutation { deleteUser(id: "${OKTA_ID}", integratedAccountId: "${oktaAccount}") { id deletion { replayed } } }`;
    const first = await send(mutation);
    expect(first.errors).toBeUndefined();
    expect(first.data.deleteUser.deletion.replayed).toBe(false);
    const again = await send(mutation);
    expect(again.data.deleteUser.deletion.replayed).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    // The request id reached the vendor through the gateway and the subgraph.
    expect(fake.requests.some((r) => r.headers['x-request-id'] === 'fed-gateway-req-1')).toBe(true);
    // An error through the gateway: no stack trace (with local paths) in it.
    const failed = await send('{ nope }');
    expect(failed.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(failed)).not.toMatch(/stacktrace|\/work\/|node_modules/);
    fake.reset();
  });

  it('a gateway query crosses both subgraphs; each distinct user is read from the vendor once', async () => {
    const other = { ...fixture<Record<string, unknown>>('okta', 'user.json'), id: '00uother', profile: { login: 'other@example.com', firstName: 'O', lastName: 'Ther', email: 'other@example.com' } };
    fake.on(`GET /api/v1/users/${OKTA_ID}`, { body: fixture('okta', 'user.json') }).on('GET /api/v1/users/00uother', { body: other });

    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ employees { name user { id integratedAccountId username status emails { email } } } }' }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.employees).toEqual([
      { name: 'Isaac', user: { id: OKTA_ID, integratedAccountId: oktaAccount, username: 'isaac.brock@example.com', status: 'ACTIVE', emails: [{ email: 'isaac.brock@example.com' }, { email: 'isaac@example.org' }] } },
      { name: 'Isaac again (same Okta user)', user: { id: OKTA_ID, integratedAccountId: oktaAccount, username: 'isaac.brock@example.com', status: 'ACTIVE', emails: [{ email: 'isaac.brock@example.com' }, { email: 'isaac@example.org' }] } },
      { name: 'Other', user: { id: '00uother', integratedAccountId: oktaAccount, username: 'other@example.com', status: 'ACTIVE', emails: [{ email: 'other@example.com' }] } },
    ]);
    expect(fake.calls().sort()).toEqual([`GET /api/v1/users/${OKTA_ID}`, 'GET /api/v1/users/00uother'].sort());
    expect(fake.requests.every((r) => r.headers.authorization === 'SSWS fed-okta-token-1234')).toBe(true);
  });

  it("the example's Apollo Router config (examples/gateway/supergraph.yaml) composes with schema.graphql", () => {
    const subgraphs = readSupergraphConfig();
    expect(subgraphs.map((s) => [s.name, s.url])).toEqual([
      ['users', 'http://localhost:4001/graphql'],
      ['hr', 'http://localhost:4002/'],
    ]);
    const supergraph = composeSupergraph(subgraphs);
    expect(supergraph).toContain('employees: [Employee!]! @join__field(graph: HR)');
    expect(supergraph).toMatch(/deleteUser\(/);
  });

  it('_entities for an unknown account is an error on that entity, not a crash', async () => {
    const res = await svc.gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }',
      { r: [{ __typename: 'User', id: 'x', integratedAccountId: '4a0b2c4e-0000-4000-8000-000000000000' }] },
    );
    expect(res.body.errors![0]!.extensions!.code).toBe('INTEGRATED_ACCOUNT_NOT_FOUND');
  });

  it('the gateway forwards no call without the API key', async () => {
    fake.reset();
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ employees { user { id name } } }' }),
    });
    const body = (await res.json()) as { errors?: Array<{ message: string }> };
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(0);
  });
});
