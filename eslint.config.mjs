// Typed lint: promise safety matters most here (a floating promise in a message handler is a lost reading).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'artifacts/**', 'coverage/**', '**/*.mjs', '**/*.js', 'apps/web/dev/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Boundaries (STYLE.md): contracts are browser-safe; the web app sees only the contracts.
    files: ['libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.).*', message: 'libs/contracts may import only zod' }] }] },
  },
  {
    // The rules engine is pure: contracts and geometry only; storage and Nest come in through its callers.
    files: ['libs/alerts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^@tianyan/(?!contracts$)', message: 'libs/alerts may import only @tianyan/contracts (take other parts as ports)' }, { regex: '^@nestjs/', message: 'libs/alerts is framework-free' }] }] },
  },
  {
    // Situation analytics are pure too: readings in, plume/thermal/receptor pictures out.
    files: ['libs/situation/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/situation/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^@tianyan/(?!contracts$)', message: 'libs/situation may import only @tianyan/contracts' }, { regex: '^@nestjs/', message: 'libs/situation is framework-free' }] }] },
  },
  {
    files: ['apps/web/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^@tianyan/(?!contracts$)', message: 'apps/web may import only @tianyan/contracts' }] }] },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts', 'apps/simulator/src/main.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
