// The import rules of eslint.config.js can fail: each forbidden import below is reported, and the
// allowed ones beside them are not (so a rule that matched everything would fail here too).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from './tools.mjs';

const eslint = new ESLint({ cwd: ROOT });
const BOUNDARY_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-imports']);

/** The boundary messages ESLint reports for `code` as if it were the file `file`. */
async function boundaryMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

const forbidden: Array<[file: string, code: string, reason: RegExp]> = [
  ['workflows/example.ts', "import { Order } from '#db/entities/order.ts';\nexport const o = Order;", /deterministic/],
  ['workflows/example.ts', "import { getEnv } from '#server/env.server.ts';\nexport const e = getEnv;", /deterministic/],
  [
    'workflows/example.ts',
    "import { createActivities } from '#worker/activities/index.ts';\nexport const a = createActivities;",
    /types only/,
  ],
  ['workflows/example.ts', "import fs from 'node:fs';\nexport const f = fs;", /deterministic/],
  ['workflows/example.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;", /deterministic/],
  ['core/example.ts', "import { getEnv } from '#server/env.server.ts';\nexport const e = getEnv;", /pure/],
  ['core/example.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", /no I\/O/],
  ['core/schemas/example.ts', "import { MikroORM } from '@mikro-orm/postgresql';\nexport const m = MikroORM;", /no I\/O/],
  [
    'server/orders/example.server.ts',
    "import { getUser } from '#app/utils/session.server.ts';\nexport const u = getUser;",
    /imports neither/,
  ],
  [
    'server/example.server.ts',
    "import { createActivities } from '#worker/activities/index.ts';\nexport const a = createActivities;",
    /imports neither/,
  ],
  ['server/example.server.ts', "import { checkout } from '#workflows/checkout.ts';\nexport const c = checkout;", /only as types/],
  [
    'app/routes/example.tsx',
    "import { createActivities } from '#worker/activities/index.ts';\nexport const a = createActivities;",
    /does not import the worker/,
  ],
  ['app/utils/example.server.ts', "import { checkout } from '#workflows/checkout.ts';\nexport const c = checkout;", /only as types/],
  [
    'worker/activities/example.ts',
    "import { getUser } from '#app/utils/session.server.ts';\nexport const u = getUser;",
    /does not import the web app/,
  ],
  ['db/entities/example.ts', "import { getEnv } from '#server/env.server.ts';\nexport const e = getEnv;", /core only/],
  ['emails/example.tsx', "import { getEnv } from '#server/env.server.ts';\nexport const e = getEnv;", /take props/],
  ['server/example.server.ts', "import { getUser } from '../app/utils/session.server.ts';\nexport const u = getUser;", /# alias/],
  ['server/orders/example.server.ts', "import { getUser } from '../../app/utils/session.server.ts';\nexport const u = getUser;", /# alias/],
];

const allowed: Array<[file: string, code: string]> = [
  [
    'workflows/example.ts',
    "import type { CheckoutActivities } from '#worker/activities/types.ts';\nimport { proxyActivities } from '@temporalio/workflow';\nexport const a = proxyActivities<CheckoutActivities>({ startToCloseTimeout: '1 minute' });",
  ],
  ['workflows/example.ts', "import { formatMoney } from '#core/money.ts';\nexport const f = formatMoney;"],
  [
    'server/example.server.ts',
    "import type { checkout } from '#workflows/checkout.ts';\nimport { startCheckoutUpdate } from '#workflows/messages.ts';\nexport type C = typeof checkout;\nexport const u = startCheckoutUpdate;",
  ],
  [
    'server/orders/example.server.ts',
    "import { appendOrderEvent } from './append-order-event.server.ts';\nimport { getEnv } from '#server/env.server.ts';\nexport const a = [appendOrderEvent, getEnv];",
  ],
  ['server/campaigns/example.server.ts', "import { deliverEmail } from '../emails/outbox.server.ts';\nexport const d = deliverEmail;"],
  ['app/routes/example.tsx', "import { getEnv } from '#server/env.server.ts';\nexport const e = getEnv;"],
  [
    'worker/activities/example.ts',
    "import { markOrderPaid } from '#server/orders/mark-order-paid.server.ts';\nexport const m = markOrderPaid;",
  ],
  ['core/example.ts', "import { createHash } from 'node:crypto';\nexport const h = createHash;"],
];

describe('import boundaries (eslint.config.js)', () => {
  for (const [file, code, reason] of forbidden) {
    test(`refuses in ${file}: ${code.split('\n')[0]}`, async () => {
      const messages = await boundaryMessages(file, code);
      assert.equal(messages.length, 1, `expected one boundary error, got ${JSON.stringify(messages)}`);
      assert.match(messages[0]!, reason);
    });
  }
  for (const [file, code] of allowed) {
    test(`allows in ${file}: ${code.split('\n')[0]}`, async () => {
      assert.deepEqual(await boundaryMessages(file, code), []);
    });
  }
});

describe('logging (eslint.config.js)', () => {
  test('product code may not write to the console; scripts may', async () => {
    const code = "export function f() {\n  console.error('boom');\n}\n";
    const ruleIds = async (file: string) =>
      ((await eslint.lintText(code, { filePath: path.join(ROOT, file) }))[0]?.messages ?? []).map((m) => m.ruleId);
    assert.deepEqual(await ruleIds('server/orders/example.server.ts'), ['no-console']);
    assert.deepEqual(await ruleIds('app/routes/example.tsx'), ['no-console']);
    assert.deepEqual(await ruleIds('scripts/example.ts'), []);
  });
});
