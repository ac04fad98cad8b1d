// Stock in the fault suite: the commerce worker SIGKILLed between the reservation and the checkout session. Several
// customers check out a tracked mug; each pending order reserves its mugs in its own transaction, then the workflow
// asks for the payment session. The test holds that second step back (a SHARE lock on local_checkout_sessions keeps
// the session inserts waiting) until every order holds its reservation and every session insert waits, then kills the
// worker, ends the dead worker's waiting statements (so no session is made by it) and lets go. The worker comes back,
// the customers press "try again"; some pay, one lets the session expire on the payment page, the rest are left to
// the checkout's own timer. Then the books: each order is paid with its mugs sold or cancelled with them released,
// none still reserved when its workflow ended; the levels equal the sums of the movement log; nothing stays reserved;
// what was sold is what the paid orders bought. See docs/decisions/055-stock-reserved-in-the-order-transaction.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import type { CheckoutResult } from '#workflows/checkout.ts';
import { checkoutWorkflowId } from '#workflows/messages.ts';
import { ProcessGroup } from '../../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../../scripts/lib/stack.ts';
import { database, waitFor } from '../http.ts';
import { Visitor } from '../sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let temporal: Client;

before(async () => {
  // Short sessions (90 s, + the stack's 5 s grace): the unpaid checkouts end within the test, and the killed session
  // step (retried after its 30 s start-to-close timeout) still leaves time to pay.
  stack = await startStack({
    name: 'faults-stock',
    payments: 'local',
    group: new ProcessGroup(),
    env: { CHECKOUT_SESSION_TTL_SECONDS: '90' },
  });
  db = database(stack.databaseUrl);
  db.on('error', () => undefined);
  temporal = new Client({
    connection: await Connection.connect({ address: stack.temporal.address }),
    dataConverter: temporalDataConverter(stack.env),
  });
});
after(async () => {
  await temporal?.connection.close();
  await db?.end();
  await stack?.stop();
});

const SKU = 'MUG-SPK';
const SHELF = 20;
const ADDRESS = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Dublin', postal_code: 'D01', country: 'IE' };

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

async function variant() {
  const { rows } = await db.query<{ id: number; on_hand: number; reserved: number }>(
    'select id, on_hand, reserved from product_variants where sku = $1 and track_inventory',
    [SKU],
  );
  return rows[0]!;
}

/** The shelf counted to `n` (as the admin's count would: an `adjusted` movement by the difference). */
async function setShelf(n: number): Promise<void> {
  const v = await variant();
  const client = await db.connect();
  try {
    await client.query('begin');
    await client.query(
      "insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, actor, reason) values (now(), now(), $1, 'adjusted', $2, 0, 'test', 'stock count')",
      [v.id, n - v.on_hand],
    );
    await client.query('update product_variants set on_hand = $1, updated_at = now() where id = $2', [n, v.id]);
    await client.query('commit');
  } finally {
    client.release();
  }
}

interface MugOrder {
  order_number: string;
  status: string;
  stock_state: string | null;
  paid_at: Date | null;
  quantity: number;
  session_id: string | null;
}

const mugOrders = async () =>
  (
    await db.query<MugOrder>(
      `select o.order_number, o.status, o.stock_state, o.paid_at, i.quantity, s.session_id
         from orders o join order_items i on i.order_id = o.id left join local_checkout_sessions s on s.order_number = o.order_number
        where i.sku = $1 order by o.id`,
      [SKU],
    )
  ).rows;

/** Statements waiting for a lock on local_checkout_sessions (the session inserts held back). */
const waitingInserts = () =>
  db.query<{ pid: number }>(
    "select pid from pg_locks where relation = 'local_checkout_sessions'::regclass and not granted and pid <> pg_backend_pid()",
  );

/** "Try again" until the checkout answers with its payment page (each try waits up to 15 s for the session). */
async function checkoutUntilStarted(buyer: Visitor): Promise<string> {
  let last = 'no answer';
  for (let attempt = 0; attempt < 8; attempt++) {
    const res = await buyer.postAs('/checkout', {});
    if (res.status === 303) return new URL(res.headers.get('location')!).pathname;
    last = `${res.status} ${(await res.text()).slice(0, 200)}`;
    if (res.status !== 503) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the checkout did not start again: ${last}`);
}

describe('stock faults', () => {
  test('the commerce worker SIGKILLed between the reservation and the checkout session: every reservation is sold or released, none leaked', async (t) => {
    await setShelf(SHELF);
    const mug = await variant();
    const movementsBefore = await count('select coalesce(max(id), 0)::int as n from stock_movements');
    // Six customers, with one or two mugs each (nine in all).
    const quantities = [1, 2, 1, 2, 1, 2];
    const held = quantities.reduce((n, q) => n + q, 0);
    const buyers: Visitor[] = [];
    for (const quantity of quantities) {
      const buyer = new Visitor(stack.baseUrl);
      const add = await buyer.postAs('/products/stoneware-mug?index', { variantId: mug.id, quantity });
      assert.equal(add.status, 303, `add to cart answered ${add.status}`);
      buyers.push(buyer);
    }

    // Hold the session step back: inserts into local_checkout_sessions wait for this transaction; reads do not.
    const holder = await db.connect();
    let firstTries: Response[];
    let atKill: MugOrder[];
    try {
      await holder.query('begin');
      await holder.query('lock table local_checkout_sessions in share mode');
      const tries = buyers.map((b) => b.postAs('/checkout', {}));
      atKill = await waitFor(
        'every order reserved and its session insert waiting',
        async () => {
          const orders = await mugOrders();
          const reserved = orders.filter((o) => o.status === 'pending' && o.stock_state === 'reserved');
          return reserved.length === buyers.length && (await waitingInserts()).rows.length === buyers.length ? orders : null;
        },
        60_000,
      );
      await stack.killWorker();
      // The dead worker's statements would still run once the lock goes: end them, so the killed worker made no session.
      for (const { pid } of (await waitingInserts()).rows) await db.query('select pg_terminate_backend($1)', [pid]);
      await waitFor('the dead worker’s statements ended', async () => (await waitingInserts()).rows.length === 0, 10_000);
      await holder.query('rollback');
      firstTries = await Promise.all(tries);
    } finally {
      // Never hand the pool a connection still holding the lock (a no-op after the rollback above).
      await holder.query('rollback').catch(() => undefined);
      holder.release();
    }
    assert.deepEqual(
      atKill.map((o) => [o.status, o.stock_state, o.session_id]),
      buyers.map(() => ['pending', 'reserved', null]),
      'the kill landed with every order reserved and no session made',
    );
    assert.equal((await variant()).reserved, held, 'every mug ordered held when the worker died');
    t.diagnostic(`killed with ${atKill.length} orders reserved (${held} mugs), ${atKill.length} session inserts waiting, no session made`);
    // Without the worker no session comes: the customers are asked to try again (their carts kept).
    for (const res of firstTries) assert.equal(res.status, 503, `checkout answered ${res.status}`);
    assert.equal(await count('select count(*)::int as n from local_checkout_sessions'), 0, 'no session made by the killed worker');

    stack.startWorker();
    // "Try again" reaches the same order (the cart's order number), now with its session.
    const payPaths = await Promise.all(buyers.map(checkoutUntilStarted));
    const sessions = await db.query<{ session_id: string; order_number: string }>(
      'select session_id, order_number from local_checkout_sessions',
    );
    const orderOf = new Map(sessions.rows.map((s) => [s.session_id, s.order_number]));
    const orderNumbers = payPaths.map((p) => orderOf.get(p.split('/').pop()!)!);
    assert.deepEqual(
      [...orderNumbers].sort(),
      atKill.map((o) => o.order_number).sort(),
      'each customer back at the order made before the kill',
    );

    // Three pay; one lets the session expire on the payment page; two are left to the checkout's timer.
    const payers = [0, 1, 2];
    for (const i of payers) {
      const res = await buyers[i]!.postAs(payPaths[i]!, { intent: 'pay', email: `stock-fault-${i}@example.com`, ...ADDRESS });
      assert.equal(res.status, 303, `paying ${orderNumbers[i]} answered ${res.status}`);
    }
    assert.equal((await buyers[3]!.postAs(payPaths[3]!, { intent: 'expire' })).status, 303);

    // Every checkout ends (the last ones when their sessions expire: 90 s after the order, plus the 5 s grace).
    const outcomes = new Map<string, CheckoutResult['outcome']>();
    for (const orderNumber of orderNumbers) {
      const handle = temporal.workflow.getHandle<() => Promise<CheckoutResult>>(checkoutWorkflowId(orderNumber));
      const result = await temporal.withDeadline(Date.now() + 180_000, () => handle.result());
      outcomes.set(orderNumber, result.outcome);
    }
    const paidOrders = orderNumbers.filter((_, i) => payers.includes(i));
    assert.deepEqual(
      orderNumbers.map((o) => outcomes.get(o)),
      orderNumbers.map((o) => (paidOrders.includes(o) ? 'paid' : 'cancelled')),
      'the paid checkouts completed, the others were cancelled',
    );

    t.diagnostic(`outcomes: ${orderNumbers.map((o) => `${o} ${outcomes.get(o)}`).join(', ')}`);
    // The books: no order left holding stock once its workflow ended.
    const orders = await mugOrders();
    assert.equal(orders.length, buyers.length, 'one order per customer, none made twice');
    for (const o of orders) {
      if (paidOrders.includes(o.order_number)) {
        assert.ok(o.paid_at && o.status !== 'pending' && o.status !== 'cancelled', `${o.order_number} paid (${o.status})`);
        assert.equal(o.stock_state, 'sold', `${o.order_number}: paid, its mugs sold`);
      } else {
        assert.equal(o.status, 'cancelled', `${o.order_number} cancelled`);
        assert.equal(o.stock_state, 'released', `${o.order_number}: cancelled, its mugs released`);
      }
    }
    const after = await variant();
    const log = await db.query<{ on_hand: number; reserved: number }>(
      'select coalesce(sum(on_hand_delta), 0)::int as on_hand, coalesce(sum(reserved_delta), 0)::int as reserved from stock_movements where variant_id = $1',
      [mug.id],
    );
    assert.deepEqual(log.rows[0], { on_hand: after.on_hand, reserved: after.reserved }, 'on hand and reserved are the sums of the log');
    assert.equal(after.reserved, 0, 'nothing left reserved');
    const paidQuantity = orders.filter((o) => paidOrders.includes(o.order_number)).reduce((n, o) => n + o.quantity, 0);
    const sold = await count(
      "select coalesce(-sum(on_hand_delta), 0)::int as n from stock_movements where variant_id = $1 and kind = 'sold' and id > $2",
      [mug.id, movementsBefore],
    );
    assert.equal(sold, paidQuantity, 'sold = what the paid orders bought');
    assert.equal(after.on_hand, SHELF - paidQuantity, 'the shelf less what was sold');
    const kinds = await db.query<{ kind: string; n: number }>(
      'select kind, count(*)::int as n from stock_movements where variant_id = $1 and id > $2 group by kind order by kind',
      [mug.id, movementsBefore],
    );
    assert.deepEqual(
      kinds.rows,
      [
        { kind: 'released', n: buyers.length - payers.length },
        { kind: 'reserved', n: buyers.length },
        { kind: 'sold', n: payers.length },
      ],
      'one reservation per order, and each one released or sold once',
    );
    assert.equal(
      await count("select count(*)::int as n from local_checkout_sessions where status = 'complete'"),
      payers.length,
      'each payer charged once',
    );
  });
});
