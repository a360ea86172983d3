// ESLint: typescript-eslint, the layer and module boundaries (eslint-plugin-boundaries), no import cycles
// (eslint-plugin-import-x) and Prettier for layout (`npm run lint` runs both). The layer table is the one in
// docs/ARCHITECTURE.md; a change to either must change the other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';

/** Layers outside modules, and what each may import (besides itself and npm packages). */
export const LAYERS = {
  stats: [],
  lib: [],
  config: [],
  i18n: ['lib'],
  geo: ['stats', 'lib'],
  charts: ['stats', 'geo', 'lib'],
  'demo-data': ['stats', 'geo', 'lib'],
  db: ['config', 'lib'],
  clients: ['config', 'lib'],
  jobs: ['db', 'kernel', 'config'],
  // The permission table reads each module's permissions.ts (a leaf declaration; see below).
  kernel: ['config', 'db', 'clients', 'jobs', 'lib'],
  server: ['kernel', 'config', 'db', 'i18n', 'lib', 'charts', 'app', 'jobs', 'clients'],
  cli: ['cli-contract', 'app', 'kernel', 'config', 'db', 'i18n', 'lib', 'stats', 'geo', 'server', 'jobs', 'demo-data'],
  app: ['kernel', 'config', 'db', 'clients', 'jobs', 'lib', 'demo-data', 'geo', 'stats'],
  // src/cli/types.ts: the contract module commands implement.
  'cli-contract': ['config', 'db', 'app'],
};
/** What any module's files may import outside src/modules. */
export const MODULE_USES = [
  'kernel',
  'config',
  'db',
  'clients',
  'jobs',
  'lib',
  'i18n',
  'stats',
  'geo',
  'charts',
  'demo-data',
];

/** Files of a module with a role of their own; every other file is just `module`. */
const MODULE_FILES = {
  'module-index': 'src/modules/*/index.ts',
  'module-permissions': 'src/modules/*/permissions.ts',
  'module-repository': 'src/modules/*/{repository.ts,repository/**}',
  'module-routes': 'src/modules/*/{routes.ts,routes/**,*-routes.ts,present.ts,present/**}',
};
const IN_MODULE = ['module', ...Object.keys(MODULE_FILES)];

/** Packages the pure layers may not import. */
export const PURE_FORBIDDEN = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'pg',
  '@electric-sql/pglite',
  'fastify',
  'node:http',
  'node:net',
];

const element = (type) => ({ element: { type } });
const anyOf = (types) => ({ element: { types: { anyOf: types } } });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'public/**', 'coverage/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/testing/**'],
    plugins: { boundaries, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })],
      'boundaries/include': ['src/**/*.ts'],
      // Version 7 deprecates `mode: 'full'` below and suggests `partialMatch: false`, but that matches folders, so
      // the per-file roles (index.ts, routes, repository, permissions) would silently stop applying: the probes in
      // test/platform/lint-boundaries.test.ts fail with it. v7's file descriptors (`boundaries/files`, selected by
      // category) could take the module roles, but its elements are folders only, so src/config.ts would have to
      // become one; until then the deprecation notice is off, and those probes fail loudly if `mode` goes.
      'boundaries/legacy-warnings': false,
      'boundaries/elements': [
        // A module's public surface and its layers, by file (checked before the module folder itself).
        ...Object.entries(MODULE_FILES).map(([type, pattern]) => ({ type, pattern, capture: ['name'], mode: 'full' })),
        { type: 'module', pattern: 'src/modules/*', capture: ['name'], partialMatch: false },
        { type: 'config', pattern: 'src/config.ts', mode: 'full' },
        { type: 'cli-contract', pattern: 'src/cli/types.ts', mode: 'full' },
        ...Object.keys(LAYERS)
          .filter((l) => l !== 'config' && l !== 'cli-contract')
          .map((l) => ({ type: l, pattern: `src/${l === 'demo-data' ? 'demo' : l}`, partialMatch: false })),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      'max-lines': ['error', { max: 500 }],
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: 'this import crosses a layer or module boundary (see docs/ARCHITECTURE.md, "Layers")',
          policies: [
            // npm packages and Node's own modules are for everyone but the pure layers' I/O (below).
            { allow: { to: { module: { origin: ['external', 'core'] } } } },
            ...Object.entries(LAYERS).map(([from, uses]) => ({
              from: element(from),
              allow: { to: anyOf([from, ...uses]) },
            })),
            // The permission table reads each module's permissions.ts, a leaf declaration.
            { from: element('kernel'), allow: { to: element('module-permissions') } },
            // The server, the command line and the composition root reach modules only through index.ts.
            { from: anyOf(['server', 'cli', 'app']), allow: { to: element('module-index') } },
            { from: anyOf(['server', 'app']), allow: { to: element('cli-contract') } },
            // A module uses the shared layers, its own files, and other modules' index.ts only.
            { from: anyOf(IN_MODULE), allow: { to: anyOf(MODULE_USES) } },
            {
              from: anyOf(IN_MODULE),
              allow: {
                to: {
                  element: { types: { anyOf: IN_MODULE }, captured: { name: '{{ from.element.captured.name }}' } },
                },
              },
            },
            { from: anyOf(IN_MODULE), allow: { to: element('module-index') } },
            // Modules' command-line commands implement the CLI's contract (src/cli/types.ts).
            { from: anyOf(IN_MODULE), allow: { to: element('cli-contract') } },
            // Routes are HTTP: they (and index.ts, which builds them) use src/server; nothing else in a module does.
            { from: anyOf(['module-routes', 'module-index']), allow: { to: element('server') } },
            // Routes never touch SQL; repositories never touch HTTP or services.
            {
              from: element('module-routes'),
              disallow: { to: element('module-repository') },
              message: 'routes call services, never a repository',
            },
            {
              from: element('module-repository'),
              disallow: { to: anyOf(['module-routes', 'module-index', 'module']), dependency: { kind: 'value' } },
              message: 'a repository holds SQL only: it imports nothing of its module but types',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure layers do no I/O (types from these packages are fine: the kernel declares the module contract with them).
    files: ['src/{stats,geo,charts,demo,kernel}/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: PURE_FORBIDDEN.map((name) => ({
            name,
            message: 'src/stats, src/geo, src/charts, src/demo and src/kernel are pure: no I/O',
            allowTypeImports: true,
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/**/testing/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
