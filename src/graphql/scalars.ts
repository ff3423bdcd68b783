/**
 * The `JSON` scalar: graphql-scalars' JSON (same name, description and specifiedBy, so the schema
 * does not change), except that input values, from variables or literals, become objects without
 * a prototype (src/safe-objects.ts). A client's `{"__proto__": {...}}` stays an ordinary key that
 * validation then refuses by name; it can never reach Object.prototype. Output is unchanged.
 */
import type { GraphQLScalarType } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { withoutPrototypes } from '../safe-objects.js';

/**
 * The GraphQLScalarType class graphql-scalars itself was built with: type-graphql and graphql-js
 * recognise scalars with `instanceof`, and under Vite (the tests) the project's own
 * `import 'graphql'` can resolve to graphql's ES module build while node_modules load its
 * CommonJS build, two copies of the class. Taking the class from JSONResolver is right in both.
 */
const ScalarType = JSONResolver.constructor as typeof GraphQLScalarType;

export const JSONScalar: GraphQLScalarType = new ScalarType({
  ...JSONResolver.toConfig(),
  parseValue: (value) => withoutPrototypes(value),
  parseLiteral: (ast, variables) => withoutPrototypes(JSONResolver.parseLiteral(ast, variables)),
});
