// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import playwright from 'eslint-plugin-playwright';

const NO_APP = { group: ['**/targets/app/**'], message: 'The suite may not import the reference app (targets/app/): it points at any deployment.' };
const NO_TESTS = { group: ['**/tests/**'], message: 'Commands and libraries may not import tests/: move what both need into a room.' };
const NO_EXAMPLES = { group: ['**/targets/examples/**'], message: 'The suite may not import an example product.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'targets/examples/*/dist/', 'reports/', 'test-results/', 'playwright-report/', 'blob-report/', 'allure-results/', 'allure-report/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'tools/commands/*.mjs', 'lib/config/*.mjs', 'lib/process/*.mjs', '.ci/*.mjs', 'tests/support/ai-sdk-4/*.mjs', 'tools/load/artillery/*.mjs', 'tools/load/artillery/engine-phased/*.js'],
          // Plain JavaScript where no TypeScript loader runs yet (set-up, Artillery's processor and engine): ten files.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 12,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Playwright fixtures without dependencies must still destructure their first argument.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain scripts run by Node before dependencies exist (set-up) or as config.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['e2e/**/*.ts', 'self-tests/**/*.ts', 'tests/**/*.ts', 'tools/bench/**/*.spec.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      'playwright/no-wait-for-timeout': 'error',
      'playwright/no-focused-test': 'error',
      'playwright/no-skipped-test': ['error', { allowConditional: true }],
      'playwright/expect-expect': ['error', { assertFunctionNames: ['expect', 'expectRunToMatchScreen', 'expectEveryCut', 'holdTurn', 'stopAndCarryOn'] }],
    },
  },
  // The layers (docs/README.md, "Layout"): each block lists every import its files may not make.
  {
    files: ['e2e/**/*.ts', 'self-tests/**/*.ts', 'pages/**/*.ts', 'fixtures/**/*.ts', 'lib/**/*', 'tools/gate/**/*.ts', 'tools/flakes/**/*.ts', 'tools/load/**/*.ts', 'tools/commands/**/*', 'playwright.config.ts', 'allurerc.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APP, NO_TESTS, NO_EXAMPLES] }] },
  },
  {
    // The fault matrix runs the reference app itself; it still imports no test.
    files: ['tools/faults/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TESTS, NO_EXAMPLES] }] },
  },
  {
    // Pure event logic: runnable without a browser, a test runner or I/O, and knows no app.
    files: ['lib/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_APP,
            NO_TESTS,
            NO_EXAMPLES,
            { group: ['@playwright/*', 'playwright*'], message: 'lib/events/ is pure logic: no Playwright.' },
            { group: ['node:fs', 'node:fs/*', 'node:child_process', 'node:net', 'node:http', 'node:https', 'node:worker_threads', 'esbuild'], message: 'lib/events/ is pure logic: no I/O (loading and files live in lib/config/ and lib/reporting/).' },
          ],
        },
      ],
    },
  },
  {
    // The reference app and the example products stand alone: they import nothing of the suite.
    // (A decoder module, targets/examples/decoders/, and a product's page objects are written for
    // the suite and import its interface and helpers.)
    files: ['targets/app/**/*.ts', 'targets/examples/*-chat/**/*.ts'],
    ignores: ['targets/examples/*-chat/page-objects.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/lib/**', '**/fixtures/**', '**/pages/**', '**/tools/{gate,faults,load,flakes,bench,commands}/**', '**/tests/**'], message: 'The app and the example products import nothing of the suite.' }] }],
    },
  },
);
