/**
 * Bench child: the baseline — a minimal Apollo Federation 2 subgraph (@apollo/server +
 * @apollo/subgraph on node:http, the same HTTP integration the service uses) with one
 * `deleteUser` resolver making the same three GitHub calls with plain undici fetch (keep-alive
 * pool of the same size as the service's) and returning the same fields. No auth, no store, no
 * audit, no validation beyond GraphQL's: the floor a GraphQL subgraph doing this work can reach.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { Agent, fetch } from 'undici';
import { serve } from './lib/ipc.js';

const FAKE = process.env.BENCH_FAKE_URL;
if (!FAKE) throw new Error('BENCH_FAKE_URL is required');

const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
const HEADERS = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'bench-baseline',
  authorization: 'Bearer ghp_baseline00000000000000000000000',
};

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  enum UserStatus { ACTIVE INACTIVE DELETED INVITED }
  enum DeletionOutcome { DELETED DEACTIVATED REMOVED_FROM_CONTAINER ALREADY_ABSENT }
  type Email { email: String! type: String isPrimary: Boolean }
  type User @key(fields: "id integratedAccountId") {
    id: ID!
    integratedAccountId: ID!
    name: String
    emails: [Email!]
    status: UserStatus
    rawStatus: String
    deletionOutcome: DeletionOutcome
  }
  input DeleteUserInput { organizationId: String }
  type Query { ping: Boolean }
  type Mutation { deleteUser(id: ID!, integratedAccountId: ID!, input: DeleteUserInput): User! }
`);

async function call(method: 'GET' | 'DELETE', url: string): Promise<any> {
  const res = await fetch(url, { method, headers: HEADERS, dispatcher });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`vendor answered HTTP ${res.status}`);
  }
  if (res.status === 204) {
    await res.body?.cancel();
    return undefined;
  }
  return res.json();
}

const resolvers = {
  Query: { ping: () => true },
  Mutation: {
    async deleteUser(_: unknown, args: { id: string; integratedAccountId: string; input?: { organizationId?: string } }) {
      const base = `${FAKE}/a/${encodeURIComponent(args.integratedAccountId)}`;
      const org = encodeURIComponent(args.input?.organizationId ?? '');
      const login = encodeURIComponent(args.id);
      const membership = await call('GET', `${base}/orgs/${org}/memberships/${login}`);
      const user = await call('GET', `${base}/users/${login}`);
      await call('DELETE', `${base}/orgs/${org}/members/${login}`);
      return {
        id: user.login,
        integratedAccountId: args.integratedAccountId,
        name: user.name ?? null,
        emails: user.email ? [{ email: user.email, type: 'public', isPrimary: true }] : [],
        status: membership.state === 'pending' ? 'INVITED' : 'ACTIVE',
        rawStatus: membership.state,
        deletionOutcome: 'REMOVED_FROM_CONTAINER',
      };
    },
  },
};

// The same plugins Apollo gives any subgraph (inline tracing, on request of a router), stated so it does not log that it enabled them.
const apollo = new ApolloServer({
  schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]),
  stopOnTerminationSignals: false,
  plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTrace({ includeErrors: { masked: true } })],
});
await apollo.start();

const server = createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: text ? JSON.parse(text) : undefined },
      context: async () => ({}),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of response.headers) out[k] = v;
    res.writeHead(response.status ?? 200, out);
    if (response.body.kind === 'complete') res.end(response.body.string);
    else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  } catch {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serve({ url: `http://127.0.0.1:${port}` }, {}, async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await apollo.stop();
    await dispatcher.close();
  });
});
