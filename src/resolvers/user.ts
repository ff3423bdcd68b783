import { Args, ArgsType, Ctx, Field, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import type { ServiceUser } from '../deletion/service.js';
import { DeleteUserInput, User } from '../graphql/types.js';
import { requireScope, toGraphQL } from './errors.js';

/** An args class keeps the argument order of the SDL: id, integratedAccountId, input. */
@ArgsType()
class DeleteUserArgs {
  @Field(() => ID, { description: "The vendor's id of the user" })
  id!: string;
  @Field(() => ID, { description: 'The integrated account (connected app) to delete the user from' })
  integratedAccountId!: string;
  @Field(() => DeleteUserInput, { nullable: true, description: 'Integration-specific params and remoteQuery' })
  input?: DeleteUserInput;
}

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => User, {
    description:
      'Removes a user from the app of an integrated account: validates the input against what the integration requires and supports, calls the vendor, and returns the user as the vendor last showed it.',
  })
  async deleteUser(@Args(() => DeleteUserArgs) args: DeleteUserArgs, @Ctx() ctx: GraphQLContext): Promise<User> {
    const { remoteQuery, dryRun, ...params } = args.input ?? {};
    return toGraphQL(async () => {
      requireScope(ctx, 'users:delete');
      const result = await ctx.deletion.deleteUser(
        {
          id: args.id,
          integratedAccountId: args.integratedAccountId,
          params,
          remoteQuery,
          naming: 'graphql',
          dryRun: dryRun ?? false,
          principal: ctx.principal,
          via: 'graphql',
          idempotencyKey: ctx.idempotencyKey,
          requestId: ctx.requestId,
          deadline: ctx.deadline,
        },
        ctx.loaders,
      );
      return result.user as User;
    });
  }
}

/**
 * The federation reference resolver of User (`_entities`, wired in src/graphql/schema.ts): reads
 * the user from the vendor with the account's stored credentials, so the key needs `users:read`
 * (which `users:delete` implies); the read is recorded in the read audit trail by the loader.
 */
export function resolveUserReference(ref: { id: unknown; integratedAccountId: unknown }, ctx: GraphQLContext): Promise<ServiceUser> {
  return toGraphQL(async () => {
    requireScope(ctx, 'users:read');
    return ctx.deletion.resolveUser(String(ref.integratedAccountId), String(ref.id), ctx.loaders);
  });
}
