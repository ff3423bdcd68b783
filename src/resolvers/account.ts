import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AppError } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { CreateIntegratedAccountInput, IntegratedAccount, UpdateIntegratedAccountInput } from '../graphql/types.js';
import { notFound } from '../store/accounts.js';
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
      return ctx.accounts.create(ctx.principal.tenantId, input);
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
      return ctx.accounts.update(ctx.principal.tenantId, id, input);
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
