import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { DeleteUserInput, User } from '../graphql/types.js';
import { toGraphQL } from './errors.js';

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => User, {
    description:
      'Removes a user from the app of an integrated account: validates the input against what the integration requires and supports, calls the vendor, and returns the user as the vendor last showed it.',
  })
  async deleteUser(
    @Arg('id', () => ID, { description: "The vendor's id of the user" }) id: string,
    @Arg('integratedAccountId', () => ID) integratedAccountId: string,
    @Arg('input', () => DeleteUserInput, { nullable: true }) input: DeleteUserInput | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    const { remoteQuery, ...params } = input ?? {};
    return toGraphQL(async () => {
      const result = await ctx.deletion.deleteUser({ id, integratedAccountId, params, remoteQuery, naming: 'graphql' }, ctx.loaders);
      return result.user as User;
    });
  }
}
