import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

// Layers and the direction of their imports (docs/decisions: the server layer):
//
//   core  ←  server  ←  app          core: pure, no I/O; server: what web and worker share
//     ↑        ↑    ←  worker        worker: activities, thin adapters over server
//     └── workflows                  workflows: core, their own messages, activity *types*
//   db ← server, app, worker; emails ← server
//
// Imports between top-level folders use the package's `#` aliases, so these rules see every one of them
// (no-restricted-imports matches the import text; a relative path that climbs out of its folder is refused).
// scripts/lint-boundaries.test.ts proves each rule reports a forbidden import.

const PRODUCT_LAYERS = ['app', 'server', 'worker', 'workflows', 'core', 'db', 'emails'];
const alias = (...layers) => `^#(${layers.join('|')})/`;
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const IO_BUILTINS = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'cluster',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
];
const IO_PACKAGES =
  '^(@mikro-orm/|@temporalio/(client|worker|activity)$|stripe$|resend$|@aws-sdk/|pg$|express$|@remix-run/(node|express)$)';

/** What each layer may not import (regex on the import text), and why. */
const LAYER_RULES = {
  core: [
    {
      regex: alias('app', 'server', 'worker', 'workflows', 'db', 'emails'),
      message: 'core is pure: it imports only core (and libraries without I/O).',
    },
    { regex: IO_PACKAGES, message: 'core does no I/O: databases, Temporal clients, Stripe, email and HTTP belong in server/.' },
    { regex: `^(node:)?(${IO_BUILTINS.join('|')})$`, message: 'core does no I/O: files and sockets belong in server/.' },
  ],
  db: [{ regex: alias('app', 'server', 'worker', 'workflows', 'emails'), message: 'db (entities, migrations) depends on core only.' }],
  emails: [
    {
      regex: alias('app', 'server', 'worker', 'workflows', 'db'),
      message: 'Email templates take props: they import core and components only.',
    },
  ],
  server: [
    { regex: alias('app', 'worker'), message: 'server/ is shared by the web app and the worker and imports neither.' },
    {
      regex: '^#workflows/(?!.*messages\\.ts$)',
      allowTypeImports: true,
      message: 'server/ uses workflow message definitions; workflow code only as types (typeof checkout).',
    },
  ],
  worker: [{ regex: alias('app'), message: 'The worker does not import the web app: shared code lives in server/.' }],
  app: [
    { regex: alias('worker'), message: 'The web app does not import the worker: shared code lives in server/.' },
    {
      regex: '^#workflows/(?!.*messages\\.ts$)',
      allowTypeImports: true,
      message: 'The web app talks to workflows through server/; workflow code only as types.',
    },
  ],
  workflows: [
    {
      regex: alias('app', 'server', 'db', 'emails'),
      message: 'Workflows must be deterministic: no database, server or web code (do I/O in an activity).',
    },
    { regex: alias('worker'), allowTypeImports: true, message: 'Workflows import activities as types only (import type …).' },
    { regex: IO_PACKAGES, message: 'Workflows must be deterministic: do I/O in an activity.' },
  ],
};

/** A relative import that climbs out of the file's top-level folder (depth 1: `../`, depth 2: `../../`…). */
const climbsOut = (depth) => ({
  regex: `^(\\.\\./){${depth},}`,
  message: 'Import another top-level folder by its # alias (#core/…, #server/…), so the layer rules can see it.',
});

const ext = '{ts,tsx,js,mjs}';
const layerConfigs = PRODUCT_LAYERS.flatMap((layer) =>
  [1, 2, 3].map((depth) => ({
    files: [`${layer}/${'*/'.repeat(depth - 1)}*.${ext}`],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'workflows/testing/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...(layer === 'workflows'
            ? { paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must be deterministic: do I/O in an activity.' })) }
            : {}),
          patterns: [...LAYER_RULES[layer], climbsOut(depth)],
        },
      ],
    },
  })),
);

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'public/build/**',
      '.cache/**',
      '.data/**',
      '.tools/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...layerConfigs,
  {
    // Product code logs through the shop's logger (server/log.server.ts: JSON lines in production), never the console.
    files: [...PRODUCT_LAYERS.map((layer) => `${layer}/**/*.${ext}`), 'server.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'db/cli.ts', 'workflows/testing/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // Workflow code is replayed: no real randomness (Temporal's own lint advice).
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow.' }],
    },
  },
);
