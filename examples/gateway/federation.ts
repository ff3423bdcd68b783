/**
 * The pieces of the gateway example, also used by test/federation.test.ts: a small HR subgraph
 * (hr.graphql) whose Employees reference Users by { id integratedAccountId }, composition into
 * a supergraph (@apollo/composition), and an @apollo/gateway that forwards the caller's
 * Authorization header to the subgraphs.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';

export const HR_SDL = readFileSync(new URL('./hr.graphql', import.meta.url), 'utf8');

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/** The subgraphs of examples/gateway/supergraph.yaml (the Apollo Router config): routing URL and schema file. */
export function readSupergraphConfig(): SubgraphSource[] {
  const file = new URL('./supergraph.yaml', import.meta.url);
  const config = parseYaml(readFileSync(file, 'utf8')) as { subgraphs: Record<string, { routing_url: string; schema: { file: string } }> };
  return Object.entries(config.subgraphs).map(([name, s]) => ({ name, url: s.routing_url, sdl: readFileSync(new URL(s.schema.file, file), 'utf8') }));
}

export interface Employee {
  id: string;
  name: string;
  user: { id: string; integratedAccountId: string };
}

export interface Running {
  /** Where it answers GraphQL (POST). */
  url: string;
  stop(): Promise<void>;
}

async function listen(server: ApolloServer<any>, port: number, context?: (req: { headers: Record<string, unknown> }) => Promise<object>): Promise<Running> {
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    ...(context ? { context: ({ req }) => context(req) } : {}),
  });
  return { url, stop: () => server.stop() };
}

export async function startHrSubgraph(employees: Employee[], port = 0): Promise<Running> {
  const schema = buildSubgraphSchema([{ typeDefs: parse(HR_SDL), resolvers: { Query: { employees: () => employees } } }]);
  return listen(new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()], stopOnTerminationSignals: false }), port);
}

/** The supergraph SDL of the given subgraphs; composition errors are thrown, one per line. */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return composed.supergraphSdl;
}

/** The caller's headers the users subgraph needs: its API key, the Idempotency-Key of a retried deleteUser, the request id. */
const FORWARDED = ['authorization', 'idempotency-key', 'x-request-id'] as const;

/**
 * An @apollo/gateway over the supergraph, with production settings: the caller's Authorization,
 * Idempotency-Key and X-Request-Id go to every subgraph, and no stack trace (with local paths)
 * ever reaches a client.
 */
export async function startGateway(supergraphSdl: string, port = 0): Promise<Running> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ forwarded?: Record<string, string> }>({
        url,
        willSendRequest({ request, context }) {
          for (const [name, value] of Object.entries(context.forwarded ?? {}) as Array<[string, string]>) request.http?.headers.set(name, value);
        },
      }),
  });
  const server = new ApolloServer({
    gateway,
    // No landing page: Apollo's would load Apollo Sandbox from a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled()],
    stopOnTerminationSignals: false,
    // Production: errors carry no stack trace, whatever NODE_ENV says.
    includeStacktraceInErrorResponses: false,
  });
  return listen(server, port, async (req) => {
    const forwarded: Record<string, string> = {};
    for (const name of FORWARDED) {
      const v = req.headers[name];
      if (typeof v === 'string') forwarded[name] = v;
    }
    return { forwarded };
  });
}

/** Where Apollo Router in compose.yaml reaches the service's replicas. */
export const COMPOSE_ROUTING_URL = 'http://users:4000/graphql';

/** deploy/supergraph.graphql: this service's schema.graphql composed alone, routed to the compose replicas. */
export function deploySupergraph(): string {
  const sdl = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
  return composeSupergraph([{ name: 'users', url: COMPOSE_ROUTING_URL, sdl }]);
}
