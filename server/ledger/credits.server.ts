// Print credits on the ledger: bought in packs (granted when the pack is paid), held by an order whose files they pay
// for, spent when a file is made, given back when its render fails for good or the order is cancelled.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import type { Variant } from '#db/entities/product.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { lockCustomerAccount, maybeOne, postTransfer, existingTransfers, shopAccountId } from './ledger.server.ts';

/** Credits `quantity` of a variant cost: files only (a credit each unless priced otherwise); null when credits cannot pay. */
export function creditsFor(variant: Pick<Variant, 'format' | 'creditsPrice' | 'grantsCredits'>, quantity: number): number | null {
  if (variant.format !== 'digital' || variant.grantsCredits) return null;
  return (variant.creditsPrice ?? 1) * quantity;
}

/**
 * Holds the credits that pay for the order's files (the lines given), under the customer's account lock, in the
 * order's own transaction. Too few is a PermanentError that rolls the order back, saying how many there are.
 */
export async function reserveCredits(tx: EntityManager, order: Order, customerId: number | null, needed: number): Promise<void> {
  if (needed <= 0) return;
  if (!customerId) throw new PermanentError('sign in to pay with your print credits', 'CreditsNeedAccount');
  const account = await lockCustomerAccount(tx, 'credits', customerId);
  if (account.available < needed) {
    throw new PermanentError(
      `your files need ${needed} print credit${needed === 1 ? '' : 's'} and you have ${account.available}`,
      'NotEnoughCredits',
    );
  }
  await postTransfer(tx, {
    kind: 'credits',
    type: 'reserve',
    idempotencyKey: `credits:reserve:${order.orderNumber}`,
    reason: `Held for the files of order ${order.orderNumber} until they are made`,
    orderId: order.id,
    legs: [
      { accountId: account.id, bucket: 'available', amount: -needed, customer: true },
      { accountId: account.id, bucket: 'reserved', amount: needed, customer: true },
    ],
  });
}

async function heldForOrder(tx: EntityManager, accountId: number, orderId: number): Promise<number> {
  const row = await maybeOne<{ held: string | null }>(
    tx,
    `select sum(e.amount) as held from ledger_entries e join ledger_transfers t on t.id = e.transfer_id
     where e.account_id = ? and t.order_id = ? and e.bucket = 'reserved'`,
    [accountId, orderId],
  );
  return Number(row?.held ?? 0);
}

/**
 * One file of the order is made (`spend`) or failed for good (`release`): its credits are spent, or given back. Once
 * per item, whichever comes first.
 */
export async function settleItemCredits(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, itemId, outcome }: { orderNumber: string; itemId: number; outcome: 'spend' | 'release' },
): Promise<{ credits: number }> {
  return orm.em.fork().transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
    const item = order.items.getItems().find((i) => i.id === itemId);
    if (!item || item.creditsUsed <= 0 || !order.customer) return { credits: 0 };
    const account = await lockCustomerAccount(tx, 'credits', order.customer.id);
    const spendKey = `credits:spend:${orderNumber}:item-${itemId}`;
    const releaseKey = `credits:release:${orderNumber}:item-${itemId}`;
    if ((await existingTransfers(tx, spendKey, releaseKey)).size > 0) return { credits: 0 };
    const credits = Math.min(item.creditsUsed, await heldForOrder(tx, account.id, order.id));
    if (credits <= 0) return { credits: 0 };
    const label = `${item.productTitle} (${item.variantTitle})`;
    await postTransfer(tx, {
      kind: 'credits',
      type: outcome === 'spend' ? 'spend' : 'release',
      idempotencyKey: outcome === 'spend' ? spendKey : releaseKey,
      reason:
        outcome === 'spend'
          ? `Spent: ${label} of order ${orderNumber} is made`
          : `Given back: ${label} of order ${orderNumber} could not be made`,
      orderId: order.id,
      legs:
        outcome === 'spend'
          ? [
              { accountId: account.id, bucket: 'reserved', amount: -credits, customer: true },
              { accountId: await shopAccountId(tx, 'credits', 'spent'), bucket: 'available', amount: credits, customer: false },
            ]
          : [
              { accountId: account.id, bucket: 'reserved', amount: -credits, customer: true },
              { accountId: account.id, bucket: 'available', amount: credits, customer: true },
            ],
    });
    return { credits };
  });
}

/** The order was cancelled before it was paid: every credit it holds comes back. */
export async function releaseOrderCredits(tx: EntityManager, order: Order, why: string): Promise<void> {
  if (!order.customer) return;
  const exists = await maybeOne<{ id: number }>(tx, `select id from ledger_transfers where idempotency_key = ?`, [
    `credits:reserve:${order.orderNumber}`,
  ]);
  if (!exists) return;
  const account = await lockCustomerAccount(tx, 'credits', order.customer.id);
  const held = await heldForOrder(tx, account.id, order.id);
  if (held <= 0) return;
  await postTransfer(tx, {
    kind: 'credits',
    type: 'release',
    idempotencyKey: `credits:release:${order.orderNumber}`,
    reason: `Released: ${why} (order ${order.orderNumber})`,
    orderId: order.id,
    legs: [
      { accountId: account.id, bucket: 'reserved', amount: -held, customer: true },
      { accountId: account.id, bucket: 'available', amount: held, customer: true },
    ],
  });
}

/** The credit packs of a paid order, granted once to its customer (after a guest's order has joined its account). */
export async function grantPurchasedCredits(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber }: { orderNumber: string },
): Promise<{ credits: number }> {
  return orm.em.fork().transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
    if (!order.paidAt) throw new PermanentError(`order ${orderNumber} is not paid`, 'NotPaid');
    const credits = order.items.getItems().reduce((s, i) => s + (i.grantsCredits ?? 0) * i.quantity, 0);
    if (credits <= 0) return { credits: 0 };
    if (!order.customer) throw new PermanentError(`order ${orderNumber} has no customer account to hold its credits`, 'NoCustomer');
    const account = await lockCustomerAccount(tx, 'credits', order.customer.id);
    const posted = await postTransfer(tx, {
      kind: 'credits',
      type: 'purchase',
      idempotencyKey: `credits:purchase:${orderNumber}`,
      reason: `Bought with order ${orderNumber}`,
      orderId: order.id,
      legs: [
        { accountId: account.id, bucket: 'available', amount: credits, customer: true },
        { accountId: await shopAccountId(tx, 'credits', 'purchased'), bucket: 'available', amount: -credits, customer: false },
      ],
    });
    return { credits: posted.created ? credits : 0 };
  });
}
