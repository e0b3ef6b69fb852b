// One lint config for the whole repo. Type-aware rules are left out on purpose: `tsc -b` already checks types,
// and type-aware linting would double the time of `npm test` on a 2-core machine.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.next/**', '.data/**', 'bench/out/**', 'client/next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Tests, benchmarks, scripts and CLIs talk to a terminal; CommonJS config files use require.
    files: [
      '**/test/**',
      '**/e2e/**',
      'bench/**',
      'scripts/**',
      'tools/**',
      '**/*.js',
      '**/*.cjs',
      '**/cli.ts',
      '**/src/start/**',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Next.js collects the server's stdout/stderr; the client has no pino logger by design (it ships to browsers too).
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    // The client takes common's API contracts (common/src/api) as types only: a value import would put common's
    // server code (mongoose, express, NATS, Redis, jsonwebtoken) into the pages. `import { type X }` is a type
    // import too, but it may still load the module for its side effects, hence the top-level `import type`.
    // client/test/bundle.test.ts checks the build itself.
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['client/test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ticketing/*', 'mongoose', 'express', 'ioredis', 'jsonwebtoken', '@nats-io/*'],
              allowTypeImports: true,
              message: 'The client may import only types from server packages: use `import type`.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
);
