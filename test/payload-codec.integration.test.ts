// Customer data in Temporal is encrypted at rest: an order placed through the real stack (local
// payment mode, TEMPORAL_PAYLOAD_KEY set) leaves no readable email in its checkout workflow's
// history, read raw with the temporal CLI (no codec), while the workflow completes; the web app's
// codec endpoint decrypts that history for an admin only, with CORS for the Temporal UI's origin only.
// The stack runs with CUSTOMER_EMAIL_SEARCH=hashed: the CustomerEmail search attribute (which no codec
// sees) holds a keyed hash, so the workflows are found by the hash — the admin links to it — and not by the email.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { checkoutWorkflowId } from '#workflows/messages.ts';
import { renderWorkflowId } from '#workflows/render-messages.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { findTool } from '../scripts/tools.mjs';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

let stack: Stack;
let db: pg.Pool;
let temporal: Client;
let admin: Visitor;
let uiOrigin: string;
const email = `codec-${unique()}@example.com`;
const HASH_KEY = randomBytes(32).toString('hex');
let orderNumber: string;
let history: unknown;

before(async () => {
  // A key of this test's own: nothing here works unless this exact key is used throughout.
  stack = await startStack({
    name: 'payload-codec',
    payments: 'local',
    group: new ProcessGroup(),
    env: {
      TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_PAYLOAD_KEY_ID: 'test-1',
      CUSTOMER_EMAIL_SEARCH: 'hashed',
      CUSTOMER_EMAIL_HASH_KEY: HASH_KEY,
    },
  });
  db = database(stack.databaseUrl);
  temporal = new Client({
    connection: await Connection.connect({ address: stack.temporal.address }),
    dataConverter: temporalDataConverter(stack.env),
  });
  uiOrigin = new URL(stack.env.TEMPORAL_UI_URL!).origin;
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');

  // A guest buys a digital print and pays on the local payment page.
  const buyer = new Visitor(stack.baseUrl);
  const { rows: variants } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-DIG-A4'");
  assert.equal(
    (await buyer.postAs('/products/night-sky-print-digital?index', { variantId: variants[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303, await checkout.text());
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [
    payPath.split('/').pop(),
  ]);
  orderNumber = rows[0]!.order_number;
  const pay = await buyer.postAs(payPath, { intent: 'pay', email, name: 'Ada Codec', country: 'IE' });
  assert.equal(pay.status, 303, await pay.text());
  await waitFor(`${orderNumber} paid`, async () => {
    const { rows: paid } = await db.query("select 1 from orders where order_number = $1 and status = 'paid' and email = $2", [
      orderNumber,
      email,
    ]);
    return paid.length > 0;
  });
  // The workflow completes: the worker decrypted its inputs and encrypted its results.
  await temporal.workflow.getHandle(checkoutWorkflowId(orderNumber)).result();
  // The history as stored, without any codec.
  const json = execFileSync(findTool('temporal')!, [
    'workflow',
    'show',
    '--address',
    stack.temporal.address,
    '--workflow-id',
    checkoutWorkflowId(orderNumber),
    '--output',
    'json',
  ]);
  history = JSON.parse(json.toString());
});
after(async () => {
  await db?.end();
  await temporal?.connection.close();
  await stack?.stop();
});

/**
 * Every payload in the history except search attributes (the server indexes those, so no codec sees
 * them; see README), the SDK's own patch markers (`patched()` ids, written by the workflow runtime,
 * no customer data) and a local activity marker's `data` detail (the SDK core's bookkeeping: sequence,
 * attempt, activity id and type, completion time). The local activity's `result` detail is checked.
 */
const notEncoded = (key: string, value: unknown) =>
  key === 'searchAttributes' ||
  key === 'upsertWorkflowSearchAttributesEventAttributes' ||
  (key === 'markerRecordedEventAttributes' && (value as { markerName?: string }).markerName === 'core_patch');
function payloadsOf(node: unknown, found: JsonPayload[] = [], parent?: Record<string, unknown>): JsonPayload[] {
  if (Array.isArray(node)) for (const n of node) payloadsOf(n, found);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.data === 'string' && o.metadata && typeof o.metadata === 'object') found.push(o as JsonPayload);
    for (const [k, v] of Object.entries(o)) {
      if (notEncoded(k, v)) continue;
      if (k === 'data' && parent?.markerName === 'core_local_activity') continue;
      payloadsOf(v, found, k === 'details' ? o : undefined);
    }
  }
  return found;
}
const encodingOf = (p: JsonPayload) => Buffer.from(p.metadata?.encoding ?? '', 'base64').toString();
const withoutSearchAttributes = (node: unknown) => JSON.stringify(node, (k, v: unknown) => (notEncoded(k, v) ? undefined : v));
/** Where the email appears in a text: in plain text or in base64 (at each of the three alignments it could have inside a longer string). */
function emailIn(text: string): string | null {
  if (text.includes(email)) return 'the email in plain text';
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.from('x'.repeat(shift) + email)
      .toString('base64')
      .slice(shift === 0 ? 0 : 4)
      .slice(0, -4);
    if (text.includes(b64)) return `the email in base64 (alignment ${shift})`;
  }
  return null;
}

const codecPost = (operation: string, body: unknown, opts: { cookie?: string; origin?: string | null } = {}) =>
  fetch(`${stack.baseUrl}/codec/${operation}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'Content-Type': 'application/json',
      'X-Namespace': 'default',
      ...(opts.origin === null ? {} : { Origin: opts.origin ?? uiOrigin }),
      ...(opts.cookie ? { Cookie: opts.cookie } : {}),
    },
  });

describe('payload encryption', () => {
  test('the stored history holds no readable email, and every payload is encrypted', () => {
    const payloads = payloadsOf(history);
    assert.ok(payloads.length > 10, `payloads found: ${payloads.length}`);
    // The local activities' results are among them (createPendingOrder's holds the email).
    const localResults = JSON.stringify(history).match(/"markerName":"core_local_activity"/g)?.length ?? 0;
    assert.ok(localResults >= 2, `local activity markers: ${localResults}`);
    for (const p of payloads) {
      assert.equal(encodingOf(p), 'binary/encrypted', `a payload in the clear: ${JSON.stringify(p).slice(0, 200)}`);
      assert.equal(Buffer.from(p.metadata?.['encryption-key-id'] ?? '', 'base64').toString(), 'test-1');
      assert.equal(Buffer.from(p.data!, 'base64').includes(email), false);
    }
    assert.equal(emailIn(withoutSearchAttributes(history)), null);
  });

  test('an admin decodes the history through /codec/decode and sees the email', async () => {
    const payloads = payloadsOf(history);
    const res = await codecPost('decode', { payloads }, { cookie: admin.cookieHeader });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('access-control-allow-origin'), uiOrigin);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    const body = (await res.json()) as { payloads: JsonPayload[] };
    assert.equal(body.payloads.length, payloads.length);
    assert.ok(body.payloads.every((p) => encodingOf(p) !== 'binary/encrypted'));
    const texts = body.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString());
    assert.ok(
      texts.some((t) => t.includes(email)),
      'the decoded history carries the customer email',
    );
    assert.ok(texts.some((t) => t.includes(orderNumber)));
    // /codec/encode is the inverse (the UI uses it for inputs it sends).
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from(JSON.stringify({ email })).toString('base64'),
    };
    const encoded = await codecPost('encode', { payloads: [plain] }, { cookie: admin.cookieHeader });
    assert.equal(encoded.status, 200);
    const sealed = ((await encoded.json()) as { payloads: JsonPayload[] }).payloads[0]!;
    assert.equal(encodingOf(sealed), 'binary/encrypted');
    const back = await codecPost('decode', { payloads: [sealed] }, { cookie: admin.cookieHeader });
    assert.deepEqual(((await back.json()) as { payloads: JsonPayload[] }).payloads[0], plain);
  });

  test('nobody but an admin gets an answer', async () => {
    const payloads = payloadsOf(history).slice(0, 1);
    const anonymous = await codecPost('decode', { payloads });
    assert.equal(anonymous.status, 401);
    const customer = new Visitor(stack.baseUrl);
    await signIn(db, customer, email);
    assert.equal((await codecPost('decode', { payloads }, { cookie: customer.cookieHeader })).status, 403);
    // The admin's cookie from a page of another origin: refused (and no CORS headers to read it).
    const elsewhere = await codecPost('decode', { payloads }, { cookie: admin.cookieHeader, origin: 'http://evil.example' });
    assert.equal(elsewhere.status, 403);
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), null);
    // Malformed bodies and a tampered payload get clear errors, not a crash.
    assert.equal((await codecPost('decode', { nope: 1 }, { cookie: admin.cookieHeader })).status, 400);
    const tampered = {
      ...payloads[0]!,
      data: Buffer.from(Buffer.from(payloads[0]!.data!, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b))).toString('base64'),
    };
    const refused = await codecPost('decode', { payloads: [tampered] }, { cookie: admin.cookieHeader });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /failed authentication/);
  });

  test('the CORS preflight answers the Temporal UI origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' },
      });
    const ui = await preflight(uiOrigin);
    assert.equal(ui.status, 204);
    assert.equal(ui.headers.get('access-control-allow-origin'), uiOrigin);
    assert.equal(ui.headers.get('access-control-allow-credentials'), 'true');
    assert.match(ui.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match((ui.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /content-type.*x-namespace/);
    const other = await preflight('http://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.equal(other.headers.get('access-control-allow-credentials'), null);
    assert.notEqual(other.status, 204);
  });
});

describe('CustomerEmail as a keyed hash (CUSTOMER_EMAIL_SEARCH=hashed)', () => {
  // Computed here from the definition (README), not by the shop's own function.
  const hash = `h:${createHmac('sha256', HASH_KEY).update(email).digest('hex').slice(0, 32)}`;
  const workflowsWhere = async (query: string) => {
    const ids: string[] = [];
    for await (const w of temporal.workflow.list({ query })) ids.push(w.workflowId);
    return ids;
  };
  const customerIdOf = async () => (await db.query<{ id: number }>('select id from users where email = $1', [email])).rows[0]!.id;

  test('the order’s workflows are found by the hash, not by the email, and the history holds the email nowhere', async () => {
    const customerId = await customerIdOf();
    // Started by the web app (checkout), by the checkout (its render child) and by an activity (the campaigns).
    const expected = [checkoutWorkflowId(orderNumber), renderWorkflowId(orderNumber), `campaigns-${customerId}`];
    const found = await waitFor('the workflows indexed by the hash', async () => {
      const ids = await workflowsWhere(`CustomerEmail = "${hash}"`);
      return expected.every((id) => ids.includes(id)) ? ids : null;
    });
    assert.ok(found.length >= expected.length);
    assert.deepEqual(await workflowsWhere(`CustomerEmail = "${email}"`), [], 'nothing is found by the email itself');
    const checkout = await temporal.workflow.getHandle(checkoutWorkflowId(orderNumber)).describe();
    assert.deepEqual(checkout.searchAttributes.CustomerEmail, [hash]);
    // Search attributes included this time: with the hash, the stored history has no readable email left.
    assert.equal(emailIn(JSON.stringify(history)), null);
  });

  test('the admin’s customer page links to the Temporal UI by the hash', async () => {
    const page = await admin.get(`/admin/customers/${await customerIdOf()}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const query = `CustomerEmail="${hash}"`;
    assert.ok(html.includes(`/workflows?query=${encodeURIComponent(query)}`), 'a link into the UI filtered by the hash');
    assert.ok(html.includes(hash), 'the hash shown, to paste');
    assert.equal(html.includes(`query=${encodeURIComponent(`CustomerEmail="${email}"`)}`), false);
  });
});
