// ESLint (flat config): the recommended rules of ESLint and typescript-eslint over the TypeScript
// sources, tests, scripts and bench. `npm run lint`; .ci/run runs it and counts it as one check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'data/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring to omit a key, unused callback args).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Vendor payloads and test fixtures are untyped JSON; `any` stays visible in review instead.
      '@typescript-eslint/no-explicit-any': 'off',
      // type-graphql input/object classes are declared with definite assignment and no constructor.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
);
