/**
 * The federated subgraph schema: type-graphql builds the types, the SDL is printed with its
 * directives, the federation @link is prepended, and @apollo/subgraph adds _service/_entities.
 * https://www.apollographql.com/docs/federation/subgraph-spec
 */
import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, createResolversMap } from 'type-graphql';
import { AccountResolver } from '../resolvers/account.js';
import { AuditResolver } from '../resolvers/audit.js';
import { TenantResolver } from '../resolvers/tenant.js';
import { IntegrationResolver } from '../resolvers/integration.js';
import { OffboardingResolver } from '../resolvers/offboarding.js';
import { ReadAuditResolver } from '../resolvers/read-audit.js';
import { resolveUserReference, UserResolver } from '../resolvers/user.js';
import type { GraphQLContext } from './context.js';
import { User } from './types.js';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

let cached: { schema: GraphQLSchema; sdl: string } | undefined;

/** The subgraph SDL (what schema.graphql holds) and the executable schema. */
export function buildSubgraph(): { schema: GraphQLSchema; sdl: string } {
  if (cached) return cached;
  const base = buildSchemaSync({
    resolvers: [UserResolver, IntegrationResolver, AccountResolver, AuditResolver, ReadAuditResolver, TenantResolver, OffboardingResolver],
    orphanedTypes: [User],
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(base)}\n`;
  const resolvers = createResolversMap(base) as Record<string, Record<string, unknown>>;
  resolvers.User = {
    ...(resolvers.User ?? {}),
    __resolveReference: (ref: { id: unknown; integratedAccountId: unknown }, ctx: GraphQLContext) => resolveUserReference(ref, ctx),
  };
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  cached = { schema, sdl };
  return cached;
}
