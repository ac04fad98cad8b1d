// docs/deploy.md is written from the code: the variables it names, the Stripe and Resend events to subscribe, the search
// attributes to register, the routes, the commands and the secrets production needs. A name changed on one side only
// fails here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SearchAttributeType } from '@temporalio/common';
import Stripe from 'stripe';
import { readmeConfigurationRows } from '../scripts/lib/readme-configuration.ts';
import { DELIVERY_EVENT_STATUSES } from './emails/resend-webhooks.server.ts';
import { envSchema, parseEnv } from './env.server.ts';
import { STRIPE_WEBHOOK_EVENTS } from './payments/stripe-webhooks.server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const GUIDE = 'docs/deploy.md';
const guide = read(GUIDE);

/** Variables the guide names that other programs read (Node, node-postgres, Temporal's images), with where to find them. */
const EXTERNAL: Record<string, { where: string | null; why: string }> = {
  PGSSLMODE: { where: 'node_modules/pg/lib/connection-parameters.js', why: 'node-postgres reads it: TLS to PostgreSQL' },
  NODE_EXTRA_CA_CERTS: { where: null, why: "Node's own: a managed database's CA bundle" },
  TEMPORAL_RETENTION: { where: 'docker-compose.yml', why: "compose's namespace retention" },
  NUM_HISTORY_SHARDS: { where: 'docker-compose.yml', why: 'temporalio/server: history shards' },
  DB: { where: 'docker-compose.yml', why: 'temporalio/server: persistence plugin' },
  DB_PORT: { where: 'docker-compose.yml', why: 'temporalio/server' },
  POSTGRES_SEEDS: { where: 'docker-compose.yml', why: 'temporalio/server' },
  POSTGRES_USER: { where: 'docker-compose.yml', why: 'temporalio/server' },
  POSTGRES_PWD: { where: 'docker-compose.yml', why: 'temporalio/server' },
  DBNAME: { where: 'docker-compose.yml', why: 'temporalio/server' },
  VISIBILITY_DBNAME: { where: 'docker-compose.yml', why: 'temporalio/server' },
  BIND_ON_IP: { where: 'docker-compose.yml', why: 'temporalio/server' },
  TEMPORAL_BROADCAST_ADDRESS: { where: null, why: 'temporalio/server: the address other instances reach it at' },
  SQL_TLS_ENABLED: { where: null, why: "temporalio/server's config template: TLS to PostgreSQL" },
  SQL_CA: { where: null, why: "temporalio/server's config template" },
  SQL_HOST_NAME: { where: null, why: "temporalio/server's config template" },
  SQL_HOST_VERIFICATION: { where: null, why: "temporalio/server's config template" },
  SQL_PLUGIN: { where: 'docker-compose.yml', why: 'temporal-sql-tool (admin-tools)' },
  SQL_HOST: { where: 'docker-compose.yml', why: 'temporal-sql-tool' },
  SQL_PORT: { where: 'docker-compose.yml', why: 'temporal-sql-tool' },
  SQL_USER: { where: 'docker-compose.yml', why: 'temporal-sql-tool' },
  SQL_PASSWORD: { where: 'docker-compose.yml', why: 'temporal-sql-tool' },
  SQL_TLS: { where: null, why: 'temporal-sql-tool: TLS to PostgreSQL' },
  SQL_TLS_CA_FILE: { where: null, why: 'temporal-sql-tool' },
  TEMPORAL_CODEC_ENDPOINT: { where: 'docker-compose.yml', why: 'temporalio/ui: the codec endpoint' },
  TEMPORAL_CODEC_INCLUDE_CREDENTIALS: { where: 'docker-compose.yml', why: 'temporalio/ui' },
  TEMPORAL_CORS_ORIGINS: { where: 'docker-compose.yml', why: 'temporalio/ui' },
  RECORD_HISTORY: { where: 'test/checkout.integration.test.ts', why: 'the integration tests: where to record a history' },
  RECORD_HISTORY_DIR: { where: 'test/record-history.ts', why: 'the integration tests: where to record workflow histories' },
};
/** Upper-case words in code spans that are not variables. */
const NOT_VARIABLES: Record<string, { where: string | null; why: string }> = {
  PINNED: { where: null, why: 'a Temporal versioning behaviour' },
  AUTO_UPGRADE: { where: null, why: 'a Temporal versioning behaviour' },
  STRIPE_WEBHOOK_EVENTS: { where: 'server/payments/stripe-webhooks.server.ts', why: 'the exported list of handled events' },
};
/** Paths the guide names that no route file answers, and who does. */
const NOT_ROUTES: Record<string, { where: string; why: string }> = {
  '/metrics': { where: 'server.ts', why: 'served by Express in front of Remix' },
};
/** Path prefixes the guide names: a base other software appends to. */
const PATH_PREFIXES: Record<string, string> = { '/codec': 'the Temporal UI appends /decode and /encode' };

// ---- the guide, parsed ------------------------------------------------------------------------------------------------

const FENCE = /^( *)```([^\n]*)\n([\s\S]*?)^\1```[ \t]*$/gm;
const fences = [...guide.matchAll(FENCE)].map((m) => ({ info: m[2]!.trim().split(/\s+/), body: m[3]! }));
const prose = guide.replace(FENCE, '');
/** Inline code spans outside fenced blocks, whitespace collapsed (a span may wrap). */
const spans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());

/** The lines of the fenced block marked `id=<id>`, comments and blanks dropped. */
function block(id: string): string[] {
  const found = fences.filter((f) => f.info.includes(`id=${id}`));
  assert.equal(found.length, 1, `${GUIDE} needs exactly one fenced block marked id=${id}`);
  return found[0]!.body
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

const VARIABLE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** Every variable-like name: code spans (`NAME`, `NAME=value`), `<NAME>` and `$NAME` anywhere, `NAME=` and a leading NAME in blocks. */
function namedVariables(): Set<string> {
  const names = new Set<string>();
  for (const span of spans) {
    const name = span.split('=')[0]!;
    if (VARIABLE.test(name)) names.add(name);
  }
  for (const text of [...spans, ...fences.map((f) => f.body)]) {
    for (const m of text.matchAll(/<([A-Z][A-Z0-9_]*)>|\$\{?([A-Z][A-Z0-9_]*)\b/g)) names.add((m[1] ?? m[2])!);
  }
  for (const { body } of fences) {
    for (const m of body.matchAll(/^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)(?:=|\s|$)/gm)) if (VARIABLE.test(m[1]!)) names.add(m[1]!);
  }
  return names;
}

// ---- the code, read ---------------------------------------------------------------------------------------------------

/** The CLI's spelling (`temporal operator search-attribute create --type`, `tcld … --sa Name=Type`) of the SDK's types. */
const CLI_TYPE: Record<string, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `name type` of every search attribute key the workflows' message modules export. */
async function codeSearchAttributes(): Promise<string[]> {
  const modules = readdirSync(path.join(ROOT, 'workflows')).filter((f) => /messages\.ts$/.test(f));
  const found: string[] = [];
  for (const file of modules) {
    const exported = (await import(path.join(ROOT, 'workflows', file))) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      const key = value as { name?: unknown; type?: unknown } | null;
      if (key && typeof key === 'object' && typeof key.name === 'string' && typeof key.type === 'string' && key.type in CLI_TYPE) {
        found.push(`${key.name} ${CLI_TYPE[key.type]}`);
      }
    }
  }
  return found;
}

/** Remix flat routes as path segments (`$param` matches any one segment, `[.]` is a dot, pathless `_x` dropped). */
const routes = readdirSync(path.join(ROOT, 'app', 'routes')).map((entry) =>
  entry
    .replace(/\.tsx?$/, '')
    .replace(/\[\.\]/g, '\0')
    .split('.')
    .map((s) => s.replace(/\0/g, '.').replace(/_$/, ''))
    .filter((s) => s !== '_index' && !s.startsWith('_')),
);
const segmentsOf = (urlPath: string) => urlPath.split(/[?#]/)[0]!.split('/').filter(Boolean);
const matches = (doc: string[], route: string[]) =>
  doc.length === route.length && route.every((r, i) => (r.startsWith('$') ? doc[i]!.length > 0 : r === doc[i]));

const sorted = (values: Iterable<string>) => [...values].sort();
const duplicates = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i);

// ---- the checks -------------------------------------------------------------------------------------------------------

test('every variable the guide names is read by the shop or listed here as another program’s', () => {
  const named = namedVariables();
  assert.ok(named.size > 40, `only ${named.size} variables found in ${GUIDE}: did its format change?`);
  const known = new Set([
    ...Object.keys(envSchema.shape),
    // Variables the shop reads outside the schema (WEB_CONCURRENCY, TRUST_PROXY, AWS_*, …) are in the README's table.
    ...readmeConfigurationRows(read('README.md')).flatMap((row) => row.names),
    ...Object.keys(EXTERNAL),
    ...Object.keys(NOT_VARIABLES),
  ]);
  assert.deepEqual(sorted([...named].filter((name) => !known.has(name))), [], `named in ${GUIDE}, read nowhere`);
  const listedHere = [...Object.keys(EXTERNAL), ...Object.keys(NOT_VARIABLES)];
  assert.deepEqual(
    listedHere.filter((name) => !named.has(name)),
    [],
    'listed in this test, no longer in the guide',
  );
  for (const [name, { where }] of Object.entries({ ...EXTERNAL, ...NOT_VARIABLES })) {
    if (where) assert.match(read(where), new RegExp(`\\b${name}\\b`), `${name}: not found in ${where}`);
  }
});

test('the Stripe events to subscribe are exactly the ones the webhook acts on', () => {
  const listed = block('stripe-webhook-events');
  assert.deepEqual(duplicates(listed), [], 'listed twice');
  assert.deepEqual(sorted(listed), sorted(STRIPE_WEBHOOK_EVENTS), 'STRIPE_WEBHOOK_EVENTS (server/payments/stripe-webhooks.server.ts)');
});

test('the Resend events to subscribe are exactly the ones the webhook acts on', () => {
  const listed = block('resend-webhook-events');
  assert.deepEqual(duplicates(listed), [], 'listed twice');
  assert.deepEqual(
    sorted(listed),
    sorted(Object.keys(DELIVERY_EVENT_STATUSES)),
    'DELIVERY_EVENT_STATUSES (server/emails/resend-webhooks.server.ts)',
  );
});

test('the search attributes, and every command that registers them, match the workflows’ keys and types', async () => {
  const code = await codeSearchAttributes();
  const sources = ['app', 'core', 'server', 'worker', 'workflows'].flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => path.join(dir, f)),
  );
  const declared = sources.reduce((n, file) => n + [...read(file).matchAll(/defineSearchAttributeKey\(/g)].length, 0);
  assert.equal(code.length, declared, 'a search attribute key is declared outside the workflows’ message modules');
  assert.deepEqual(sorted(block('search-attributes').map((line) => line.split(/\s+/).join(' '))), sorted(code));
  const commands = fences.filter((f) => /search-attributes? (add|create)/.test(f.body));
  assert.ok(commands.length >= 2, 'the registration commands (tcld and temporal operator) are missing');
  for (const { body } of commands) {
    const pairs = [
      ...[...body.matchAll(/--sa\s+"?(\w+)=(\w+)"?/g)].map((m) => `${m[1]} ${m[2]}`),
      ...[...body.matchAll(/--name\s+(\w+)\s+--type\s+(\w+)/g)].map((m) => `${m[1]} ${m[2]}`),
    ];
    assert.deepEqual(sorted(pairs), sorted(code), `registration command:\n${body}`);
  }
});

test('every path the guide names is answered by a route file (or listed here)', () => {
  const paths = spans
    .map((span) => span.replace(/^(GET|POST) /, '').replace(/^(https?:\/\/[^/\s]+|<APP_URL>)(?=\/)/, ''))
    .filter((span) => /^\/[a-z]/.test(span) && !/\s/.test(span));
  for (const name of ['/webhooks/stripe', '/webhooks/resend', '/webhooks/print-provider', '/codec/decode']) {
    assert.ok(
      paths.some((p) => segmentsOf(p).join('/') === segmentsOf(name).join('/')),
      `${GUIDE} no longer names ${name}`,
    );
  }
  for (const p of new Set(paths)) {
    const doc = segmentsOf(p);
    const bare = `/${doc.join('/')}`;
    if (bare in NOT_ROUTES) {
      assert.ok(read(NOT_ROUTES[bare]!.where).includes(`'${bare}'`), `${bare}: not found in ${NOT_ROUTES[bare]!.where}`);
    } else if (bare in PATH_PREFIXES) {
      assert.ok(
        routes.some((r) => r.slice(0, doc.length).join('/') === doc.join('/')),
        `${bare}: no route starts with it`,
      );
    } else {
      assert.ok(
        routes.some((r) => matches(doc, r)),
        `${p}: no file in app/routes answers it`,
      );
    }
  }
});

test('the commands and files the guide names exist', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const npmRuns = [...guide.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
  assert.deepEqual(
    npmRuns.filter((name) => !(name in scripts)),
    [],
    'npm scripts named in the guide, missing from package.json',
  );
  const [migrate] = block('migrate');
  const script = /^npm run ([\w:-]+)$/.exec(migrate ?? '')?.[1];
  assert.ok(
    script && /db\/cli\.ts migrate\b/.test(scripts[script] ?? ''),
    `the migrate block's first command runs no migration: ${migrate}`,
  );
  const repoPaths = spans.filter(
    (span) =>
      /^[\w.-]+(\/[\w.$-]+)*\/?$/.test(span) &&
      (span.includes('/') ? existsSync(path.join(ROOT, span.split('/')[0]!)) : /\.(ts|tsx|yml|yaml|json|md)$/.test(span)),
  );
  assert.ok(repoPaths.length > 10, `only ${repoPaths.length} repository paths found in ${GUIDE}`);
  assert.deepEqual(
    repoPaths.filter((p) => !existsSync(path.join(ROOT, p))),
    [],
    'files named in the guide that do not exist',
  );
});

test("the Stripe API version named is the SDK's", () => {
  const versions = spans.filter((span) => /^\d{4}-\d{2}-\d{2}\.[a-z]+$/.test(span));
  assert.ok(versions.length > 0, `${GUIDE} names no Stripe API version`);
  for (const version of versions) assert.equal(version, Stripe.API_VERSION);
});

test('the production secrets listed are exactly those env.server.ts refuses to start without', () => {
  const listed = block('production-secrets').map((line) => line.split(/\s+/)[0]!);
  assert.deepEqual(
    listed.filter((name) => !(name in envSchema.shape)),
    [],
    'not variables of the schema',
  );
  const secret = () => randomBytes(32).toString('hex');
  // Every integration on, so every conditional requirement applies.
  const base = { NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_guide', RESEND_API_KEY: 're_guide', GELATO_API_KEY: 'gelato-guide' };
  const full: Record<string, string> = { ...base, ...Object.fromEntries(listed.map((name) => [name, secret()])) };
  const parse = (vars: Record<string, string>) => parseEnv(vars as NodeJS.ProcessEnv);
  assert.doesNotThrow(() => parse(full), 'production refuses to start with only the listed secrets set');
  for (const name of listed) {
    const { [name]: _left, ...without } = full;
    assert.throws(() => parse(without), `${name} is listed, but production starts without it`);
  }
});
