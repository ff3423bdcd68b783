import { AppError, toAppError } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { hasScope } from '../store/api-keys.js';

/** Runs a resolver body and turns any failure into a GraphQL error with a code and no internals. */
export async function toGraphQL<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err).toGraphQLError();
  }
}

/** The key must carry `scope` (or `admin`). */
export function requireScope(ctx: GraphQLContext, scope: string): void {
  if (!hasScope(ctx.principal, scope)) {
    throw new AppError('FORBIDDEN', `This API key lacks the ${scope} scope`);
  }
}
