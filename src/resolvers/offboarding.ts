import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { OffboardingRequest } from '../deletion/offboarding.js';
import type { GraphQLContext } from '../graphql/context.js';
import { Offboarding, OffboardingPlan } from '../graphql/types.js';
import { requireScope, toGraphQL } from './errors.js';

function request(ctx: GraphQLContext, email: string, integratedAccountIds: string[] | null | undefined): OffboardingRequest {
  return {
    email,
    integratedAccountIds: integratedAccountIds ?? undefined,
    principal: ctx.principal,
    via: 'graphql',
    naming: 'graphql',
    idempotencyKey: ctx.idempotencyKey,
    requestId: ctx.requestId,
    deadline: ctx.deadline,
  };
}

/** Offboarding a person by email across the tenant's integrated accounts (src/deletion/offboarding.ts). */
@Resolver(() => Offboarding)
export class OffboardingResolver {
  @Query(() => OffboardingPlan, {
    description:
      "What offboardUser would do: in every integrated account of the tenant (or the given ones), the users the vendor's lookup finds by the address, and the dry run of the deletion where exactly one is found. Nothing changes at any vendor (the dry runs are audited).",
  })
  offboardingPlan(
    @Arg('email', () => String) email: string,
    @Arg('integratedAccountIds', () => [ID], { nullable: true }) integratedAccountIds: string[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OffboardingPlan> {
    return toGraphQL(async () => {
      requireScope(ctx, 'users:delete');
      return (await ctx.offboarding.plan(request(ctx, email, integratedAccountIds), ctx.loaders)) as OffboardingPlan;
    });
  }

  @Mutation(() => Offboarding, {
    description:
      'Removes a person by email from every integrated account of the tenant (or the given ones): each account where exactly one user has the address gets an ordinary, audited deleteUser. Recorded as one run; under an Idempotency-Key a repeat answers the same run, and a repeat after failures runs it again to finish them. A run longer than the request deadline is answered RUNNING and continues: follow it with offboarding(id).',
  })
  offboardUser(
    @Arg('email', () => String) email: string,
    @Arg('integratedAccountIds', () => [ID], { nullable: true }) integratedAccountIds: string[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Offboarding> {
    return toGraphQL(async () => {
      requireScope(ctx, 'users:delete');
      return (await ctx.offboarding.run(request(ctx, email, integratedAccountIds), ctx.loaders)) as Offboarding;
    });
  }

  @Query(() => Offboarding, { description: 'An offboarding run of this tenant as it stands: the state of each account (the progress of a run still going)' })
  offboarding(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Offboarding> {
    return toGraphQL(async () => {
      requireScope(ctx, 'users:delete');
      return (await ctx.offboarding.get(ctx.principal.tenantId, id)) as Offboarding;
    });
  }
}
