// The fulfillment workflow's steps with the print provider: which lines it makes, submitting them (once, whatever the
// retries), reading the order back when a webhook hints or a timer says it is time, and cancelling it.
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { cancellable, providerAddressFrom, type ProviderAddress } from '#core/print-provider.ts';
import { Order } from '#db/entities/order.ts';
import { ProviderOrder as ProviderOrderRow } from '#db/entities/provider-order.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { labelOf } from '#server/rendering/print-file-names.server.ts';
import { printFileUrl } from './print-files.server.ts';
import { getPrintProvider } from './print-provider.server.ts';
import { ProviderRejectedError, type PrintProvider, type ProviderOrder } from './provider.server.ts';
import {
  applyProviderOrder,
  madeByProvider,
  recordProviderEvent,
  shipsByHand,
  stateOf,
  type PrintOrderState,
} from './record-provider-order.server.ts';

export type { PrintOrderState };

export interface FulfilmentPlan {
  /** Lines the provider makes; empty: the studio ships everything by hand. */
  providerItems: Array<{ itemId: number; label: string }>;
  /** The order also has lines shipped by hand. */
  byHand: boolean;
  /** How long to wait for a webhook before asking the provider. */
  pollSeconds: number;
}

export async function planFulfilment({ orm, env }: DbDeps, { orderNumber }: { orderNumber: string }): Promise<FulfilmentPlan> {
  const order = await orm.em.fork().findOne(Order, { orderNumber }, { populate: ['items'] });
  if (!order) throw new PermanentError(`order ${orderNumber} does not exist`, 'NoSuchOrder');
  const items = order.items.getItems();
  return {
    providerItems: items.filter(madeByProvider).map((i) => ({ itemId: i.id, label: labelOf(i) })),
    byHand: items.some(shipsByHand),
    pollSeconds: env.PRINT_PROVIDER_POLL_SECONDS,
  };
}

export const printReference = (orderNumber: string, attempt: number) => `${orderNumber}-print-${attempt}`;

async function lockedOrder(tx: EntityManager, where: { orderNumber: string } | { id: number }): Promise<Order> {
  const order = await tx.findOne(Order, where, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order) throw new PermanentError(`order ${JSON.stringify(where)} does not exist`, 'NoSuchOrder');
  await tx.populate(order, ['items']);
  return order;
}

const byHandOf = (order: Order) => order.items.getItems().some(shipsByHand);

/** Records the provider's view under the order's lock; the state after it. */
async function record(deps: DbDeps, rowId: number, seen: ProviderOrder): Promise<PrintOrderState> {
  return deps.orm.em.fork().transactional(async (tx) => {
    const row = await tx.findOneOrFail(ProviderOrderRow, rowId, { populate: ['order'] });
    const order = await lockedOrder(tx, { id: row.order.id });
    await applyProviderOrder(tx, order, row, seen, { byHand: byHandOf(order) });
    return stateOf(row);
  });
}

/** Notes a try that did not get through (the provider away), for the dashboard's "Waiting", and passes the error on. */
async function noteFailedTry(deps: DbDeps, rowId: number, error: unknown): Promise<never> {
  const message = error instanceof Error ? error.message : String(error);
  await deps.orm.em
    .getConnection()
    .execute(
      'update provider_orders set last_error = ?, submit_tries = submit_tries + 1, updated_at = now() where id = ?',
      [message.slice(0, 2000), rowId],
      'run',
    )
    .catch(() => undefined);
  throw error;
}

/**
 * Submits the order's provider lines as attempt `attempt` (the first from the order's address, a resubmission from
 * the admin's corrected one). Once: the row is made first, and a retry — even after a worker died right after the
 * provider accepted — finds the provider's order by its reference instead of ordering again. A refusal (an address
 * the provider rejects) is recorded as failed, not thrown; the provider being away is thrown, for Temporal to retry.
 */
export async function submitPrintOrder(
  deps: DbDeps,
  { orderNumber, attempt, address }: { orderNumber: string; attempt: number; address: ProviderAddress | null },
  provider: PrintProvider = getPrintProvider(deps.env),
): Promise<PrintOrderState> {
  const reference = printReference(orderNumber, attempt);
  // The order (with its lines) read under its lock here is also what the request is made from.
  const { row, order } = await deps.orm.em.fork().transactional(async (tx) => {
    const order = await lockedOrder(tx, { orderNumber });
    const existing = await tx.findOne(ProviderOrderRow, { reference });
    if (existing) return { row: existing, order };
    const shipTo = address ?? providerAddressFrom(order.shippingAddress, order.email);
    if (!shipTo) throw new PermanentError(`order ${orderNumber} has no shipping address`, 'NoAddress');
    const created = new ProviderOrderRow({ order, attempt, reference, provider: provider.name, shippingAddress: shipTo });
    tx.persist(created);
    await tx.flush();
    await recordProviderEvent(tx, order, created, 'provider_submitting', `Print order ${reference} being sent to the provider`);
    return { row: created, order };
  });
  if (row.providerOrderId || row.status !== 'submitting') return stateOf(row);
  try {
    const found = await provider.findOrder(reference);
    if (found) return await record(deps, row.id, found);
    const now = new Date();
    const accepted = await provider.submitOrder({
      reference,
      customerReference: order.customer ? `customer-${order.customer.id}` : `guest-${orderNumber}`,
      currency: order.currency.toUpperCase(),
      items: order.items
        .getItems()
        .filter(madeByProvider)
        .map((i) => ({
          reference: String(i.id),
          productId: i.providerProductId!,
          quantity: i.quantity - i.refundedQuantity,
          fileUrl: printFileUrl(deps.env, orderNumber, i.id, now),
        })),
      address: row.shippingAddress,
    });
    return await record(deps, row.id, accepted);
  } catch (error) {
    if (error instanceof ProviderRejectedError) return refused(deps, row.id, error.message);
    return noteFailedTry(deps, row.id, error);
  }
}

async function refused(deps: DbDeps, rowId: number, reason: string): Promise<PrintOrderState> {
  return deps.orm.em.fork().transactional(async (tx) => {
    const row = await tx.findOneOrFail(ProviderOrderRow, rowId, { populate: ['order'] });
    const order = await lockedOrder(tx, { id: row.order.id });
    if (row.status === 'submitting') {
      row.status = 'failed';
      row.failureReason = `The provider refused the order: ${reason}`.slice(0, 2000);
      row.lastError = null;
      await tx.flush();
      await recordProviderEvent(tx, order, row, 'provider_failed', `Print order ${row.reference} refused: ${reason}`);
    }
    return stateOf(row);
  });
}

/** Reads the order back from the provider (a webhook is only a hint) and records what is new. */
export async function refreshPrintOrder(
  deps: DbDeps,
  { rowId }: { rowId: number },
  provider: PrintProvider = getPrintProvider(deps.env),
): Promise<PrintOrderState> {
  const row = await deps.orm.em.fork().findOneOrFail(ProviderOrderRow, rowId);
  if (!row.providerOrderId) {
    const found = row.status === 'submitting' ? await provider.findOrder(row.reference) : null;
    return found ? record(deps, rowId, found) : stateOf(row);
  }
  return record(deps, rowId, await provider.getOrder(row.providerOrderId));
}

/**
 * Cancels the print order at the provider while nothing is printed yet (a full refund, or an admin), recording any
 * cancellation fee; once in production the provider refuses and the refusal goes on the timeline.
 */
export async function cancelPrintOrder(
  deps: DbDeps,
  { rowId, reason }: { rowId: number; reason: string },
  provider: PrintProvider = getPrintProvider(deps.env),
): Promise<PrintOrderState & { refused: string | null }> {
  const current = await refreshPrintOrder(deps, { rowId }, provider);
  if (!cancellable(current.status)) {
    const why = `it is already ${current.status.replace('_', ' ')}`;
    await note(deps, rowId, 'provider_cancel_refused', `Print order ${current.reference} not cancelled (${reason}): ${why}`);
    return { ...current, refused: why };
  }
  const answer = current.providerOrderId ? await provider.cancelOrder(current.providerOrderId) : ({ cancelled: true, fee: null } as const);
  if (!answer.cancelled) {
    await note(deps, rowId, 'provider_cancel_refused', `Print order ${current.reference} not cancelled (${reason}): ${answer.reason}`);
    return { ...(await refreshPrintOrder(deps, { rowId }, provider)), refused: answer.reason };
  }
  return deps.orm.em.fork().transactional(async (tx) => {
    const row = await tx.findOneOrFail(ProviderOrderRow, rowId, { populate: ['order'] });
    const order = await lockedOrder(tx, { id: row.order.id });
    if (row.status !== 'cancelled') {
      row.status = 'cancelled';
      row.cancelledAt = new Date();
      row.cancellationFee = answer.fee;
      await tx.flush();
    }
    const fee = answer.fee
      ? ` (cancellation fee ${(answer.fee / 100).toFixed(2)} ${row.costCurrency ?? order.currency.toUpperCase()})`
      : '';
    await recordProviderEvent(
      tx,
      order,
      row,
      'provider_cancelled',
      `Print order ${row.reference} cancelled at the provider: ${reason}${fee}`,
    );
    return { ...stateOf(row), refused: null };
  });
}

async function note(deps: DbDeps, rowId: number, type: string, message: string): Promise<void> {
  const em = deps.orm.em.fork();
  const row = await em.findOneOrFail(ProviderOrderRow, rowId, { populate: ['order'] });
  await recordProviderEvent(em, row.order, row, type, message);
}
