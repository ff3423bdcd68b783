/**
 * Limits on what one GraphQL document may ask, checked during validation (before anything runs):
 * selection depth, aliases, and the number of fields once fragments are expanded (a cost bound:
 * a few nested fragments can otherwise expand to millions of fields). Batched HTTP requests (a
 * JSON array) are refused by Apollo Server itself (allowBatchedHttpRequests is off).
 */
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxFields: number;
}

// Depth 15 leaves room for the standard introspection query (GraphiQL, gateways), which nests ofType deeply.
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 15, maxAliases: 30, maxFields: 2_000 };

interface Tally {
  fields: number;
  aliases: number;
  depth: number;
}

export function queryLimitsRule(limits: QueryLimits = DEFAULT_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const t: Tally = { fields: 0, aliases: 0, depth: 0 };
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
): 'depth' | 'aliases' | 'fields' | undefined {
  if (depth > limits.maxDepth) return 'depth';
  t.depth = Math.max(t.depth, depth);
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (++t.fields > limits.maxFields) return 'fields';
      if (sel.alias && ++t.aliases > limits.maxAliases) return 'aliases';
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
