/**
 * Federation: this subgraph composed with a small HR subgraph (@apollo/composition) and served
 * through @apollo/gateway over real HTTP. The HR subgraph references Users by
 * { id integratedAccountId }; our _entities resolves them through a per-request DataLoader
 * that reads each distinct user from the vendor once.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

const HR_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { employees: [Employee!]! }
type Employee @key(fields: "id") { id: ID! name: String! oktaUser: User! }
type User @key(fields: "id integratedAccountId", resolvable: false) { id: ID! integratedAccountId: ID! }
`;

let svc: RunningService;
let fake: FakeVendor;
let hr: ApolloServer;
let hrUrl: string;
let gatewayServer: ApolloServer;
let gatewayUrl: string;
let oktaAccount: string;
const OKTA_ID = '00ub0oNGTSWTBKOLGLNR';

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  oktaAccount = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: 'fed-okta-token-1234' }, context: { domain: 'acme.okta.com' }, baseUrl: fake.url });

  const employees = [
    { id: 'e1', name: 'Isaac', oktaUser: { id: OKTA_ID, integratedAccountId: oktaAccount } },
    { id: 'e2', name: 'Isaac again (same Okta user)', oktaUser: { id: OKTA_ID, integratedAccountId: oktaAccount } },
    { id: 'e3', name: 'Other', oktaUser: { id: '00uother', integratedAccountId: oktaAccount } },
  ];
  hr = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(HR_SDL), resolvers: { Query: { employees: () => employees } } }]) });
  hrUrl = (await startStandaloneServer(hr, { listen: { port: 0, host: '127.0.0.1' } })).url;

  const sdlRes = await svc.gql('{ _service { sdl } }');
  const composed = composeServices([
    { name: 'users', url: `${svc.url}/graphql`, typeDefs: parse(sdlRes.body.data._service.sdl) },
    { name: 'hr', url: hrUrl, typeDefs: parse(HR_SDL) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request, context }) {
          const auth = (context as { auth?: string }).auth;
          if (auth) request.http?.headers.set('authorization', auth);
        },
      }),
  });
  gatewayServer = new ApolloServer({ gateway });
  gatewayUrl = (
    await startStandaloneServer(gatewayServer, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => ({ auth: req.headers.authorization }),
    })
  ).url;
});

afterAll(async () => {
  await gatewayServer?.stop();
  await hr?.stop();
  await svc?.stop();
  await fake?.stop();
});

describe('federation', () => {
  it('_service.sdl carries the @key of User', async () => {
    const res = await svc.gql('{ _service { sdl } }');
    expect(res.body.data._service.sdl).toMatch(/type User\s+@key\(fields: "id integratedAccountId"\)/);
  });

  it('a gateway query crosses both subgraphs; each distinct user is read from the vendor once', async () => {
    const other = { ...fixture<Record<string, unknown>>('okta', 'user.json'), id: '00uother', profile: { login: 'other@example.com', firstName: 'O', lastName: 'Ther', email: 'other@example.com' } };
    fake.on(`GET /api/v1/users/${OKTA_ID}`, { body: fixture('okta', 'user.json') }).on('GET /api/v1/users/00uother', { body: other });

    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ employees { name oktaUser { id integratedAccountId username status emails { email } } } }' }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.employees).toEqual([
      { name: 'Isaac', oktaUser: { id: OKTA_ID, integratedAccountId: oktaAccount, username: 'isaac.brock@example.com', status: 'ACTIVE', emails: [{ email: 'isaac.brock@example.com' }, { email: 'isaac@example.org' }] } },
      { name: 'Isaac again (same Okta user)', oktaUser: { id: OKTA_ID, integratedAccountId: oktaAccount, username: 'isaac.brock@example.com', status: 'ACTIVE', emails: [{ email: 'isaac.brock@example.com' }, { email: 'isaac@example.org' }] } },
      { name: 'Other', oktaUser: { id: '00uother', integratedAccountId: oktaAccount, username: 'other@example.com', status: 'ACTIVE', emails: [{ email: 'other@example.com' }] } },
    ]);
    expect(fake.calls().sort()).toEqual([`GET /api/v1/users/${OKTA_ID}`, 'GET /api/v1/users/00uother'].sort());
    expect(fake.requests.every((r) => r.headers.authorization === 'SSWS fed-okta-token-1234')).toBe(true);
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
      body: JSON.stringify({ query: '{ employees { oktaUser { id name } } }' }),
    });
    const body = (await res.json()) as { errors?: Array<{ message: string }> };
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(0);
  });
});
