// README.md's configuration table, .env.example and the environment schema list the same variables:
// a variable added to one and forgotten in another fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEnv as parseDotenv } from 'node:util';
import { readmeConfigurationRows } from '../scripts/lib/readme-configuration.ts';
import { envSchema } from './env.server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** An env file's values as Node's own .env loader reads them, and the names of all its variables, commented-out ones (`# NAME=…`) included. */
function envFileVariables(text: string): { set: Record<string, string | undefined>; all: string[] } {
  return { set: parseDotenv(text), all: [...text.matchAll(/^(?:#\s?)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!) };
}

const duplicates = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i);

const readme = readmeConfigurationRows(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
const readmeNames = readme.flatMap((row) => row.names);
const example = envFileVariables(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));
const schemaNames = Object.keys(envSchema.shape);

test('the README table and .env.example list the same variables, each once', () => {
  assert.ok(readmeNames.length > 40, `only ${readmeNames.length} variables found in the README's table: did its format change?`);
  assert.deepEqual(duplicates(readmeNames), [], 'listed twice in the README table');
  assert.deepEqual(duplicates(example.all), [], 'listed twice in .env.example');
  assert.deepEqual(
    readmeNames.filter((name) => !example.all.includes(name)),
    [],
    'in the README table, missing from .env.example',
  );
  assert.deepEqual(
    example.all.filter((name) => !readmeNames.includes(name)),
    [],
    'in .env.example, missing from the README table',
  );
});

test('every variable of the environment schema is in the README table', () => {
  assert.deepEqual(
    schemaNames.filter((name) => !readmeNames.includes(name)),
    [],
    'read by app/utils/env.server.ts, missing from the README table',
  );
});

test('.env.example sets each variable to its default', () => {
  const defaults = envSchema.parse({});
  const parsed = envSchema.safeParse(example.set);
  assert.ok(parsed.success, `.env.example does not parse: ${parsed.error?.message}`);
  for (const name of Object.keys(example.set).filter((n) => schemaNames.includes(n))) {
    assert.deepEqual(
      parsed.data[name as keyof typeof parsed.data],
      defaults[name as keyof typeof defaults],
      `${name} in .env.example is not the schema's default`,
    );
  }
  for (const row of readme.filter((r) => r.names.length === 1 && r.literalDefault !== null)) {
    const name = row.names[0]!;
    if (name in example.set) assert.equal(example.set[name], row.literalDefault, `${name} in .env.example is not the README's default`);
  }
});
