/**
 * The generic provider contract: what every implemented integration is held to, run from its
 * declaration and one scenario per provider (`src/providers/<slug>/<slug>.contract.ts`) written
 * from the vendor's docs. test/provider-contract.test.ts runs it for every provider in the registry
 * and fails when a provider has no scenario.
 */
import type { FakeReply, RecordedRequest } from './fake-vendor.js';
import type { DeleteUserParams, ParamName } from '../../src/providers/core/types.js';
import type { AnyProvider } from '../../src/providers/registry.js';

export interface ContractRoute {
  /**
   * 'METHOD /path' exactly as the fake vendor receives it (path only; the query is checked by `query`).
   * A call to a single GraphQL endpoint adds its root field: 'POST /v2 #users' (see FakeVendor).
   */
  route: string;
  reply: FakeReply;
  /** The exact query string the vendor must receive ('' or omitted: none). */
  query?: string;
  /**
   * For vendors with one endpoint for every call (GraphQL): text the request body contains for this
   * call only (the operation's field, such as `userManagementDeleteUser`). Calls are then told apart
   * by it and shown as `METHOD /path [operation]`.
   */
  operation?: string;
  /** A POST that only reads (a GraphQL query): not a write for the "writes nothing" checks. */
  read?: boolean;
}

export interface ProviderContract {
  provider: AnyProvider;
  /** Credentials of the auth method the scenario uses (`method` included when there are several). */
  credentials: Record<string, string>;
  context?: Record<string, string>;
  /** The path the fake is mounted under (the part of the vendor's base URL after the host). */
  basePath?: string;
  /** The id of the user to remove, as a client would pass it. */
  id: string;
  /** The params the happy path needs (every required one). */
  params?: DeleteUserParams;
  /**
   * The happy path, in the order the vendor receives the calls, exactly as its docs describe them
   * (the owner lookup excluded: see `owner`). The first one must be a read (GET or a read-only POST
   * such as Slack's) that identifies the user; 404, 401 and 429 are tried on it.
   */
  happy: readonly ContractRoute[];
  /**
   * For providers whose vendor names the token owner: the lookup call and two answers, one naming
   * another person (the deletion proceeds) and one naming the user to remove (refused).
   */
  owner?: { route: string; query?: string; operation?: string; someoneElse: FakeReply; theTarget: FakeReply };
  /** The vendor's rate-limited answer as its docs describe it (status and headers), waiting 0 s. */
  rateLimited: FakeReply;
  /**
   * The vendor's "no such user" answer on the first call (its documented 404, or a 200 with a
   * body-level code such as Slack's user_not_found).
   */
  notFound: FakeReply;
  /** The vendor's "credentials rejected" answer (401 body, or a body-level code). */
  unauthorized: FakeReply;
  /**
   * For REMOVED_FROM_CONTAINER: the container the user is removed from, which the returned user
   * must no longer list.
   */
  container?: { kind: 'organization' | 'workspace' | 'group'; id: string };
  /** A param this integration does not support (default: the first of the spec's params it lacks). */
  unsupportedParam?: ParamName;
  /**
   * Mapped fields the vendor's documented example payload leaves out (the vendor's schema has
   * them), each with where that was read: the happy path checks every other mapped field is filled.
   */
  notInDocumentedExample?: Readonly<Record<string, string>>;
  /**
   * For vendors whose reads are POSTs too (LastPass's one endpoint, the command in the body): tells a
   * documented read apart from a write, so "writes nothing" still holds. Every other POST is a write.
   */
  isRead?: (req: RecordedRequest) => boolean;
}

export function defineContract(c: ProviderContract): ProviderContract {
  return c;
}
