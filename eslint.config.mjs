// Lint: type-aware typescript-eslint, plus the layer rules of design.md as import restrictions.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** An import restriction that names the layer rule it enforces. */
const forbid = (groups, message) => ({ group: groups, message });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.oci-documents/', 'bench/results/', '.sim-build/', 'fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'bench/*.mjs', 'bench/*.js'] } },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    // Without a resolver that knows .ts, import-x resolves no relative import and no-cycle sees nothing.
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-unused-private-class-members': 'error',
      'no-unreachable': 'error',
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/oci/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/http/**', '**/http'], 'src/oci knows nothing of REST: no import from src/http.'),
            forbid(['**/mapping/**', '**/mapping'], 'src/oci knows nothing of REST: no import from src/mapping.'),
            forbid(['**/mappings/**', '**/mappings'], 'src/oci knows nothing of REST: no import from mappings/.'),
            forbid(
              ['**/observability/**', '**/observability'],
              'src/oci reports through its observer, not src/observability.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/mapping/**/*.ts', 'mappings/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['**/http/**', '**/http'],
              'The mapping layer reports failures by slug; HTTP turns them into answers.',
            ),
          ],
          paths: [
            { name: 'express', message: 'The mapping layer knows nothing of express.' },
            { name: 'undici', message: 'The mapping layer does no I/O of its own.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['**/oci/xml', '**/oci/xml-*', '**/oci/soap'],
              'src/http never builds XML: it hands command objects to the OCI client.',
            ),
            {
              group: ['**/oci/document'],
              importNames: ['buildDocument'],
              message: 'src/http never builds XML: it hands command objects to the OCI client.',
            },
            forbid(
              ['**/simulator/**', '**/simulator'],
              'src/http knows nothing of the simulator: demo mode gets its data from the composition root.',
            ),
          ],
          paths: [{ name: 'fast-xml-parser', message: 'src/http never builds XML.' }],
        },
      ],
    },
  },
  {
    files: ['src/observability/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [forbid(['**/http/**', '**/http'], 'src/observability is used by src/http, never the reverse.')] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
