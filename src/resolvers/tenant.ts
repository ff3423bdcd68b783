import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { ApiKey, ApiScope, CreatedApiKey, Tenant } from '../graphql/types.js';
import { requireScope, toGraphQL } from './errors.js';

/** Tenants and API keys: managed with the admin key only. */
@Resolver(() => Tenant)
export class TenantResolver {
  @Query(() => [Tenant], { description: 'Every tenant (admin key)' })
  tenants(@Ctx() ctx: GraphQLContext): Promise<Tenant[]> {
    return toGraphQL(async () => {
      requireScope(ctx, 'admin');
      return ctx.apiKeys.listTenants();
    });
  }

  @Mutation(() => Tenant, { description: 'Creates a tenant (admin key)' })
  createTenant(@Arg('name') name: string, @Ctx() ctx: GraphQLContext): Promise<Tenant> {
    return toGraphQL(async () => {
      requireScope(ctx, 'admin');
      return ctx.apiKeys.createTenant(name);
    });
  }

  @Query(() => [ApiKey], { description: "API keys without their secrets, of one tenant or all (admin key)" })
  apiKeys(@Ctx() ctx: GraphQLContext, @Arg('tenantId', () => ID, { nullable: true }) tenantId?: string): Promise<ApiKey[]> {
    return toGraphQL(async () => {
      requireScope(ctx, 'admin');
      return ctx.apiKeys.listKeys(tenantId ?? undefined);
    });
  }

  @Mutation(() => CreatedApiKey, { description: 'Creates an API key for a tenant; the key is in the answer once and stored only as a hash (admin key)' })
  createApiKey(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('name') name: string,
    @Arg('scopes', () => [ApiScope]) scopes: ApiScope[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatedApiKey> {
    return toGraphQL(async () => {
      requireScope(ctx, 'admin');
      const { key, info } = await ctx.apiKeys.createKey(tenantId, name, scopes);
      return { key, apiKey: info };
    });
  }

  @Mutation(() => ApiKey, { description: 'Revokes an API key at once (admin key)' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKey> {
    return toGraphQL(async () => {
      requireScope(ctx, 'admin');
      return ctx.apiKeys.revoke(id);
    });
  }
}
