// @ts-check
/**
 * Lint rules with type information: the bugs a type-checker alone lets through (a promise nobody
 * awaits, a switch that forgot a new event type, a hook with stale dependencies) and the renderer's
 * rule that windows hear the station only through the store.
 */
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const projects = [
  './shared/tsconfig.json',
  './drivers/tsconfig.json',
  './electron/tsconfig.json',
  './renderer/tsconfig.json',
  './server/tsconfig.json',
  './e2e/tsconfig.json',
  './bench/tsconfig.json',
  './sim/tsconfig.json',
  './scripts/tsconfig.json',
  './tsconfig.test.json',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'test-results/', '**/*.js', '**/*.cjs', 'renderer/vite.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: projects, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // An async function that does not await still implements a promise-returning interface honestly.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests pass methods to expect() and read `expect.any()` matchers, both typed loosely by vitest.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', 'e2e/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Printer and scanner protocols are made of control characters.
    files: ['drivers/**'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Props are destructured into callbacks; a method signature would claim a `this` they never get.
      '@typescript-eslint/method-signature-style': ['error', 'property'],
    },
  },
  {
    // Pushes from the station become Redux actions in app/start-station.ts, one place: a component
    // that subscribes itself keeps a private copy that goes stale after a reconnect.
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    ignores: ['renderer/src/app/**', 'renderer/src/bridge/**', 'renderer/src/testing/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(on|onConnection)$/][callee.object.name=/bridge/i]",
          message: 'Subscribe to station pushes in app/start-station.ts and read them from the store.',
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(on|onConnection)$/][callee.object.callee.name='useBridge']",
          message: 'Subscribe to station pushes in app/start-station.ts and read them from the store.',
        },
      ],
    },
  },
);
