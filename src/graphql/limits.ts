/**
 * Limits on what one GraphQL document may ask, checked during validation (before anything runs):
 * selection depth, aliases, the number of fields once fragments are expanded (a cost bound:
 * a few nested fragments can otherwise expand to millions of fields), and the number of
 * deleteUser fields (one deletion per operation). Batched HTTP requests (a JSON array) are
 * refused by Apollo Server itself (allowBatchedHttpRequests is off).
 *
 * Parsing is bounded before that: a document over `maxDocumentBytes` is refused before it is
 * parsed (documentSizeError, by the HTTP handler), and the parser stops after `maxTokens` tokens (graphql-js's
 * `maxTokens`, passed as Apollo Server's `parseOptions`; Apollo Router calls it
 * `parser_max_tokens`). 20,000 `@skip` directives in 320 KB would otherwise hold the event loop
 * for every other request while they are parsed and validated.
 */
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxFields: number;
  /** deleteUser fields in one operation (each one is a deletion, run concurrently). */
  maxDeletions: number;
  /** Tokens the parser reads before it gives up (comments are not tokens). */
  maxTokens: number;
  /** UTF-8 bytes of the document (the `query` text), checked before parsing. */
  maxDocumentBytes: number;
}

// Depth 15 leaves room for the standard introspection query (GraphiQL, gateways), which nests
// ofType deeply; it is about 200 tokens and 2 KB, far under the parsing bounds.
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 15, maxAliases: 30, maxFields: 2_000, maxDeletions: 1, maxTokens: 5_000, maxDocumentBytes: 64 * 1024 };

/** The field whose count per operation is bounded by `maxDeletions`. */
const DELETION_FIELD = 'deleteUser';

/**
 * The message refusing a document over `maxDocumentBytes`, or undefined when it is within it (or
 * not there: Apollo Server reports a missing query itself). Checked by the HTTP handler before
 * Apollo Server sees the request: a plugin hook cannot answer 400 there (Apollo turns an error
 * thrown from didResolveSource into a 500). `body` is the parsed JSON body, `search` the URL's
 * query (GET). A query registered through automatic persisted queries comes with its text, so it
 * passes here too.
 */
export function documentSizeError(body: unknown, search: URLSearchParams, limits: QueryLimits = DEFAULT_LIMITS): string | undefined {
  const query = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { query?: unknown }).query : search.get('query');
  if (typeof query !== 'string') return undefined;
  // Characters first: a string can only be longer in UTF-8 bytes, at most 3 per UTF-16 unit.
  if (query.length * 3 <= limits.maxDocumentBytes) return undefined;
  const bytes = Buffer.byteLength(query);
  return bytes > limits.maxDocumentBytes ? `The GraphQL document is ${bytes} bytes; at most ${limits.maxDocumentBytes} are parsed` : undefined;
}

interface Tally {
  fields: number;
  aliases: number;
  depth: number;
  /** Response names of the deleteUser fields at the operation's root. */
  deletions: Set<string>;
}

export function queryLimitsRule(limits: QueryLimits = DEFAULT_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const t: Tally = { fields: 0, aliases: 0, depth: 0, deletions: new Set() };
        const over = walk(d.selectionSet, 1, t, fragments, new Set(), limits);
        const name = d.name ? ` ${d.name.value}` : '';
        if (over === 'depth' || t.depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`Operation${name} is nested deeper than ${limits.maxDepth} levels`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        } else if (over === 'aliases' || t.aliases > limits.maxAliases) {
          context.reportError(new GraphQLError(`Operation${name} uses more than ${limits.maxAliases} aliases`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        } else if (over === 'fields' || t.fields > limits.maxFields) {
          context.reportError(
            new GraphQLError(`Operation${name} selects more than ${limits.maxFields} fields once fragments are expanded`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        } else if (over === 'deletions' || t.deletions.size > limits.maxDeletions) {
          context.reportError(
            new GraphQLError(`Operation${name} asks for ${t.deletions.size} ${DELETION_FIELD} fields; at most ${limits.maxDeletions} per operation (send one request per deletion)`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          );
        }
      }
      return false;
    },
  });
}

/** Walks a selection set; stops as soon as a limit is passed and says which. */
function walk(
  set: SelectionSetNode,
  depth: number,
  t: Tally,
  fragments: Map<string, FragmentDefinitionNode>,
  path: Set<string>,
  limits: QueryLimits,
): 'depth' | 'aliases' | 'fields' | 'deletions' | undefined {
  if (depth > limits.maxDepth) return 'depth';
  t.depth = Math.max(t.depth, depth);
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (++t.fields > limits.maxFields) return 'fields';
      if (sel.alias && ++t.aliases > limits.maxAliases) return 'aliases';
      // Counted by response name: the same field spread twice (one response key) runs once.
      if (depth === 1 && sel.name.value === DELETION_FIELD) {
        t.deletions.add(sel.alias?.value ?? sel.name.value);
        if (t.deletions.size > limits.maxDeletions) return 'deletions';
      }
      if (sel.selectionSet) {
        const r = walk(sel.selectionSet, depth + 1, t, fragments, path, limits);
        if (r) return r;
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const r = walk(sel.selectionSet, depth, t, fragments, path, limits);
      if (r) return r;
    } else {
      const name = sel.name.value;
      const frag = fragments.get(name);
      // Unknown or cyclic fragments are reported by graphql's own rules.
      if (!frag || path.has(name)) continue;
      path.add(name);
      const r = walk(frag.selectionSet, depth, t, fragments, path, limits);
      path.delete(name);
      if (r) return r;
    }
  }
  return undefined;
}
