// docker-compose.yml is the production setup: it passes the web server and the workers every setting of
// README.md's "Configuration" table they need in production (the exceptions below say why not), demands
// the secrets instead of defaulting them, health-checks every long-running service, publishes nothing
// beyond this host but the shop, and the secrets file stays out of git and out of the image.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { readmeConfigurationRows } from './lib/readme-configuration.ts';
import { SEARCH_ATTRIBUTES } from './lib/temporal.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** README variables the web server and the workers are not given by docker-compose.yml, and why. */
const NOT_PASSED: Record<string, string> = {
  DATA_DIR: 'local state of `npm start` (embedded PostgreSQL, the dev server database, the dev session secret); the image sets it',
  TEMPORAL_API_KEY: 'Temporal Cloud: compose runs its own Temporal server on its private network',
  TEMPORAL_TLS_CERT: 'mTLS to Temporal Cloud or a remote server: compose runs its own on its private network',
  TEMPORAL_TLS_KEY: 'mTLS to Temporal Cloud or a remote server: compose runs its own on its private network',
  STRIPE_API_HOST: 'tests only: points the Stripe SDK at stripe-mock',
  STRIPE_API_PORT: 'tests only: points the Stripe SDK at stripe-mock',
  STRIPE_API_PROTOCOL: 'tests only: points the Stripe SDK at stripe-mock',
  RESEND_BASE_URL: 'tests only: points the Resend SDK at a recorder',
  CAMPAIGN_TIME_SCALE: 'tests only: shrinks campaign waits; production keeps 1',
  OTEL_SERVICE_NAME: 'each process names itself (atelier-web, atelier-worker, atelier-worker-rendering); one shared value would merge them',
};

/** What production refuses to start without: compose must demand them (`${NAME:?message}`). */
const REQUIRED_SECRETS = ['SESSION_SECRET', 'STRIPE_WEBHOOK_SECRET', 'TEMPORAL_PAYLOAD_KEY', 'CUSTOMER_EMAIL_HASH_KEY'];
const APP_SERVICES = ['web', 'worker-commerce', 'worker-rendering'];
const WORKERS = ['worker-commerce', 'worker-rendering'];
/** The one service published on every interface, and its container port. */
const PUBLIC_SERVICE = { name: 'web', containerPort: '3000' };

const SECRET_NAME = /SECRET|PASSWORD|PWD|TOKEN|(^|_)KEYS?(_|$)/;
/** An interpolation without a default: `${NAME}` or `${NAME:?message}`. */
const NO_DEFAULT = /^\$\{[A-Z][A-Z0-9_]*(:?\?[^}]*)?\}$/;

// The part of the Compose format the file uses: map-form environments, short-form ports.
const serviceSchema = z.object({
  image: z.string().optional(),
  environment: z.record(z.string(), z.string().nullable()).default({}),
  ports: z.array(z.string()).default([]),
  healthcheck: z.object({ test: z.array(z.string()).optional(), disable: z.boolean().optional() }).optional(),
  restart: z.string().optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).default({}),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });
type Service = z.infer<typeof serviceSchema>;

const composeText = read('docker-compose.yml');
// Compose resolves YAML merge keys (`<<: *app-env`); so does this parse.
const { services } = composeSchema.parse(parse(composeText, { merge: true }));
const service = (name: string): Service => {
  const found = services[name];
  assert.ok(found, `docker-compose.yml has no service "${name}"`);
  return found;
};
const readmeNames = readmeConfigurationRows(read('README.md')).flatMap((row) => row.names);

test('web and workers get every variable of the README table they need in production', () => {
  assert.ok(readmeNames.length > 40, `only ${readmeNames.length} variables found in the README's table: did its format change?`);
  assert.deepEqual(
    Object.keys(NOT_PASSED).filter((name) => !readmeNames.includes(name)),
    [],
    'exceptions that are not README variables (stale?)',
  );
  const needed = readmeNames.filter((name) => !(name in NOT_PASSED));
  for (const name of APP_SERVICES) {
    const env = service(name).environment;
    assert.deepEqual(
      needed.filter((variable) => !(variable in env)),
      [],
      `README variables the ${name} service does not pass`,
    );
    assert.deepEqual(
      Object.keys(NOT_PASSED).filter((variable) => variable in env),
      [],
      `variables the ${name} service passes although they are listed as not needed`,
    );
  }
});

test('production mode, and the secrets it requires demanded rather than defaulted', () => {
  for (const name of [...APP_SERVICES, 'migrate']) {
    const env = service(name).environment;
    assert.equal(env.NODE_ENV, 'production', `${name}: NODE_ENV`);
    for (const secret of REQUIRED_SECRETS) {
      assert.match(env[secret] ?? '', new RegExp(`^\\$\\{${secret}:\\?[^}]+\\}$`), `${name}: ${secret} must be \${${secret}:?message}`);
    }
  }
});

test('no secret has a literal value or a default in the file', () => {
  for (const [name, { environment }] of Object.entries(services)) {
    for (const [variable, value] of Object.entries(environment)) {
      if (value === null) continue;
      if (SECRET_NAME.test(variable)) assert.match(value, NO_DEFAULT, `${name}: ${variable} is written into the file`);
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:(.*)@[^@]*$/.exec(value)?.[1];
      if (password) assert.match(password, NO_DEFAULT, `${name}: ${variable} has a password written into the file`);
    }
  }
  const defaulted = [...composeText.matchAll(/\$\{([A-Z0-9_]+):?-/g)].map((m) => m[1]!).filter((variable) => SECRET_NAME.test(variable));
  assert.deepEqual(defaulted, [], 'secrets with a default value');
});

test('every long-running service has a health check; one-shot jobs are waited for', () => {
  const completedJobs = new Set(
    Object.values(services).flatMap((s) =>
      Object.entries(s.depends_on)
        .filter(([, dep]) => dep.condition === 'service_completed_successfully')
        .map(([job]) => job),
    ),
  );
  for (const [name, s] of Object.entries(services)) {
    if (s.restart === 'no') {
      assert.ok(completedJobs.has(name), `${name} is a one-shot job nothing waits for (depends_on … service_completed_successfully)`);
      continue;
    }
    assert.ok(s.healthcheck?.test?.length && !s.healthcheck.disable, `${name} has no health check`);
  }
});

test('nothing but the shop is published beyond this host', () => {
  for (const [name, { ports }] of Object.entries(services)) {
    for (const port of ports) {
      if (/^(127\.0\.0\.1|\[::1\]):/.test(port)) continue;
      const containerPort = port.split(':').at(-1)!.split('/')[0];
      assert.ok(
        name === PUBLIC_SERVICE.name && containerPort === PUBLIC_SERVICE.containerPort,
        `${name} publishes "${port}" on every interface`,
      );
    }
  }
});

test('worker metrics are scrapeable from this host, and local-mode webhooks reach the web service', () => {
  for (const name of WORKERS) {
    const { environment, ports } = service(name);
    const [, containerPort] = /:(\d+)$/.exec(environment.WORKER_METRICS_ADDRESS ?? '') ?? [];
    assert.match(
      environment.WORKER_METRICS_ADDRESS ?? '',
      /^0\.0\.0\.0:\d+$/,
      `${name}: WORKER_METRICS_ADDRESS must listen beyond the container's loopback`,
    );
    assert.ok(
      ports.some((port) => port.startsWith('127.0.0.1:') && port.endsWith(`:${containerPort}`)),
      `${name}: metrics port ${containerPort} is not published on 127.0.0.1`,
    );
  }
  const webPort = service('web').environment.PORT;
  for (const name of APP_SERVICES) {
    assert.equal(
      service(name).environment.LOCAL_STRIPE_WEBHOOK_URL,
      `http://web:${webPort}/webhooks/stripe`,
      `${name}: LOCAL_STRIPE_WEBHOOK_URL`,
    );
  }
});

test("the Temporal UI decodes payloads through the shop's codec endpoint with the admin's cookie", () => {
  const { environment } = service('temporal-ui');
  assert.match(environment.TEMPORAL_CODEC_ENDPOINT ?? '', /^\$\{APP_URL[^}]*\}\/codec$/, 'TEMPORAL_CODEC_ENDPOINT must be <APP_URL>/codec');
  assert.equal(environment.TEMPORAL_CODEC_INCLUDE_CREDENTIALS, 'true');
  for (const variable of [
    'TEMPORAL_AUTH_ENABLED',
    'TEMPORAL_AUTH_PROVIDER_URL',
    'TEMPORAL_AUTH_CLIENT_ID',
    'TEMPORAL_AUTH_CLIENT_SECRET',
    'TEMPORAL_AUTH_CALLBACK_URL',
  ]) {
    assert.ok(variable in environment, `temporal-ui does not pass ${variable} (OIDC sign-in)`);
  }
});

test('Temporal runs on the server image after a schema job, with the search attributes the workflows set', () => {
  assert.deepEqual(
    Object.values(services).filter((s) => s.image?.includes('auto-setup')),
    [],
    'temporalio/auto-setup is deprecated',
  );
  const temporal = service('temporal');
  assert.match(temporal.image ?? '', /^temporalio\/server:/);
  const schemaJob = Object.entries(temporal.depends_on).find(
    ([name, dep]) => dep.condition === 'service_completed_successfully' && service(name).image?.startsWith('temporalio/admin-tools:'),
  );
  assert.ok(schemaJob, 'the temporal service waits for no admin-tools schema job');
  const attributes = Object.fromEntries(
    (service('temporal-setup').environment.SEARCH_ATTRIBUTES ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('=')),
  );
  assert.deepEqual(attributes, SEARCH_ATTRIBUTES, 'temporal-setup SEARCH_ATTRIBUTES vs scripts/lib/temporal.ts');
});

test('.env.production.example lists what compose demands; the real file stays out of git and the image', () => {
  const demanded = new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!));
  const used = new Set([
    ...demanded,
    ...[...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!),
    ...Object.values(services).flatMap((s) => Object.keys(s.environment)),
  ]);
  const listed = [...read('.env.production.example').matchAll(/^(?:#\s?)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  assert.deepEqual(
    [...demanded].filter((name) => !listed.includes(name)),
    [],
    'demanded by docker-compose.yml, missing from .env.production.example',
  );
  assert.deepEqual(
    listed.filter((name) => !used.has(name)),
    [],
    'in .env.production.example, never read by docker-compose.yml',
  );

  // Exits non-zero, and so throws, when git would track the file.
  execFileSync('git', ['check-ignore', '--quiet', '--no-index', '.env.production'], { cwd: ROOT });
  assert.equal(dockerIgnores(read('.dockerignore'), '.env.production'), true, '.dockerignore lets .env.production into the build context');
  assert.equal(dockerIgnores(read('.dockerignore'), 'Dockerfile'), false);
});

test('the image runs the shop in production mode as an unprivileged user, with a health check', () => {
  const runtime = read('Dockerfile')
    .split(/^FROM /m)
    .at(-1)!;
  assert.match(runtime, /^ENV NODE_ENV=production\b/m);
  assert.match(runtime, /^USER (?!root\b|0\b)\S+/m, 'the runtime stage runs as root');
  assert.match(runtime, /^HEALTHCHECK /m);
  assert.match(read('Dockerfile'), /npm prune --omit=dev/, 'dev dependencies reach the runtime image');
});

/** Whether a top-level file is excluded by .dockerignore rules (`*` globs, `!` re-includes; the last match wins). */
function dockerIgnores(rules: string, file: string): boolean {
  let ignored = false;
  for (const line of rules.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, '');
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    if (regex.test(file)) ignored = !negated;
  }
  return ignored;
}
