import { toAppError } from '../errors.js';

/** Runs a resolver body and turns any failure into a GraphQL error with a code and no internals. */
export async function toGraphQL<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err).toGraphQLError();
  }
}
