// ESLint (flat config): typescript-eslint, Next's rules, jsx-a11y, react-hooks, and the layering the
// decision records describe (docs/decisions/0001, 0002, 0004, 0005), enforced with eslint-plugin-boundaries:
// - components/ never fetch: they import no client, lake, or content fetcher (view-model types only);
// - lib/content/ (the boundary) never imports components/ or app/: rules both use live in lib/content-rules;
// - app/ never imports lib/lake (the site reaches the lake over HTTP through lib/sanity);
// - lib/lake/ imports no site code (it is a standalone server);
// - only lib/sanity/ reads Sanity or lake environment variables.
// Unused exports are checked by knip (`npm run lint` runs both).
import nextPlugin from '@next/eslint-plugin-next'
import boundaries from 'eslint-plugin-boundaries'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const ENV_OUTSIDE_LIB_SANITY = {
  selector: "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name='env'][property.name=/^(SANITY|LAKE)_/]",
  message: 'Only lib/sanity/settings.ts reads Sanity and lake environment variables: use readSettings().',
}

export default tseslint.config(
  {
    ignores: ['.next/**', 'node_modules/**', 'sanity.types.ts', 'bench/results/**', 'bench/baseline/.next/**', 'export/**', '.lake/**', 'next-env.d.ts', '**/*.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { '@next/next': nextPlugin, 'jsx-a11y': jsxA11y, 'react-hooks': reactHooks, boundaries },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: {
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' }, node: true },
      'boundaries/elements': [
        { type: 'lake', partialMatch: false, pattern: 'lib/lake/**' },
        { type: 'sanity', partialMatch: false, pattern: 'lib/sanity/**' },
        { type: 'content', partialMatch: false, pattern: 'lib/content/**' },
        { type: 'content-rules', partialMatch: false, pattern: 'lib/content-rules/**' },
        { type: 'dataset', partialMatch: false, pattern: 'lib/dataset/**' },
        { type: 'components', partialMatch: false, pattern: 'components/**' },
        { type: 'app', partialMatch: false, pattern: 'app/**' },
        { type: 'schemas', partialMatch: false, pattern: 'schemas/**' },
        { type: 'scripts', partialMatch: false, pattern: 'scripts/**' },
        { type: 'tests', partialMatch: false, pattern: '{__tests__,browser-tests,bench}/**' },
      ],
      'boundaries/include': ['app/**', 'components/**', 'lib/**', 'schemas/**', 'scripts/**', '__tests__/**', 'browser-tests/**', 'bench/**'],
    },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      ...jsxA11y.flatConfigs.strict.rules,
      // Plain <a> links on purpose: full loads of static pages, no client router code (ADR 0010).
      '@next/next/no-html-link-for-pages': 'off',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': ['error', ENV_OUTSIDE_LIB_SANITY],
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'components' } },
              disallow: { to: { element: { types: { anyOf: ['lake', 'sanity', 'dataset', 'app', 'scripts'] } } } },
              message: 'components/ are presentational: they never fetch or import the client, the lake or the data layer',
            },
            {
              from: { element: { type: 'components' } },
              disallow: { to: { element: { type: 'content' }, file: { path: '!lib/content/view-models.ts' } } },
              message: 'components/ may import only view-model types from lib/content',
            },
            {
              from: { element: { type: 'app' } },
              disallow: { to: { element: { types: { anyOf: ['lake', 'dataset', 'scripts'] } } } },
              message: 'app/ reaches content through lib/content and lib/sanity, never the lake directly',
            },
            {
              from: { element: { type: 'content' } },
              disallow: { to: { element: { types: { anyOf: ['components', 'app'] } } } },
              message: 'lib/content is the boundary: it hands values up and never imports render code (shared rules live in lib/content-rules)',
            },
            {
              from: { element: { type: 'lake' } },
              disallow: { to: { element: { types: { anyOf: ['sanity', 'content', 'content-rules', 'dataset', 'components', 'app', 'schemas', 'scripts', 'tests'] } } } },
              message: 'lib/lake is a standalone server: it imports no site code',
            },
            {
              from: { element: { types: { anyOf: ['content', 'sanity', 'components', 'app', 'schemas'] } } },
              disallow: { to: { element: { type: 'tests' } } },
              message: 'site code never imports tests',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/sanity/**', '__tests__/**', 'browser-tests/**', 'bench/**', 'sanity.config.ts', 'sanity.cli.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tests read JSON of every shape; `any` there is the honest type.
    files: ['__tests__/**', 'browser-tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
