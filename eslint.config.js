// Lint: typed recommended rules everywhere, and the domain core kept free of I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // The sidebar's bundle is built from freshservice-app/src (npm run app:build); app:check lints it with the FDK's rules.
  { ignores: ['node_modules/**', 'cdk.out/**', '.baton/**', 'coverage/**', 'dist/**', 'freshservice-app/**/vendor/**', 'freshservice-app/app/scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain core is pure: no adapters, no AWS, no network, no file system, no wall clock.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/lambdas/**', '**/infra/**', '**/scripts/**'], message: 'shared/ must not import adapters.' },
          { group: ['@aws-sdk/*', 'node:*', 'fs', 'http', 'https', 'dynalite', '@middy/*', '@aws-lambda-powertools/*'], message: 'shared/ is pure: no I/O.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Time comes in as an argument.' },
        { object: 'Math', property: 'random', message: 'Ids come in with the command.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in as an argument.' },
        { selector: "CallExpression[callee.name='fetch']", message: 'shared/ is pure: no I/O.' },
      ],
    },
  },
  {
    // The sidebar runs in the agent's browser inside Freshservice.
    files: ['freshservice-app/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The FDK's serverless runtime: plain JS with its own globals, exported through `exports`.
    files: ['freshservice-app/server/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, $request: 'readonly', renderData: 'readonly' } },
  },
);
