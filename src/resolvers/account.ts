import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { CreateIntegratedAccountInput, IntegratedAccount, UpdateIntegratedAccountInput } from '../graphql/types.js';
import { notFound, type AccountActor } from '../store/accounts.js';
import { requireScope, toGraphQL } from './errors.js';


@Resolver(() => IntegratedAccount)
export class AccountResolver {
  @Query(() => [IntegratedAccount], { description: "The integrated accounts of this key's tenant; credentials are never returned" })
  integratedAccounts(@Ctx() ctx: GraphQLContext): Promise<IntegratedAccount[]> {
    return toGraphQL(async () => {
      requireScope(ctx, 'accounts:manage');
      return ctx.accounts.list(ctx.principal.tenantId);
    });
  }

  @Mutation(() => IntegratedAccount, { description: 'Connects an app: credentials are validated against the integration and stored encrypted' })
  createIntegratedAccount(@Arg('input', () => CreateIntegratedAccountInput) input: CreateIntegratedAccountInput, @Ctx() ctx: GraphQLContext): Promise<IntegratedAccount> {
    return toGraphQL(async () => {
      requireScope(ctx, 'accounts:manage');
      return ctx.accounts.create(ctx.principal.tenantId, input, actorOf(ctx));
    });
  }

  @Mutation(() => IntegratedAccount)
  updateIntegratedAccount(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateIntegratedAccountInput) input: UpdateIntegratedAccountInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IntegratedAccount> {
    return toGraphQL(async () => {
      requireScope(ctx, 'accounts:manage');
      return ctx.accounts.update(ctx.principal.tenantId, id, input, actorOf(ctx));
    });
  }

  @Mutation(() => IntegratedAccount, {
    description:
      "Admin key only: marks (or unmarks) any tenant's account self-hosted, so that its baseUrl and tokenUrl may be on hosts outside the integration's own (GitHub Enterprise Server, GitLab self-managed, custom domains). Logged.",
  })
  setIntegratedAccountSelfHosted(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('id', () => ID) id: string,
    @Arg('selfHosted', () => Boolean) selfHosted: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IntegratedAccount> {
    return toGraphQL(async () => {
      requireScope(ctx, 'admin');
      return ctx.accounts.update(tenantId, id, { selfHosted }, actorOf(ctx));
    });
  }

  @Mutation(() => Boolean, { description: 'Disconnects an app and erases its stored credentials' })
  deleteIntegratedAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return toGraphQL(async () => {
      requireScope(ctx, 'accounts:manage');
      if (!(await ctx.accounts.delete(ctx.principal.tenantId, id))) throw notFound();
      return true;
    });
  }
}

/** An admin key may set the self-hosted mark and move credentials without giving them again. */
function actorOf(ctx: GraphQLContext): AccountActor {
  return { admin: ctx.principal.scopes.includes('admin'), by: ctx.principal.keyId };
}
