// An invoice, credit note or VAT record that cannot be made (a non-retryable failure: the figures do not add up, the
// refund does not match its invoice) goes on the order's timeline, so the admin sees why the order has no invoice.
// The workflows go on without it: a missing invoice never holds up an order or a refund.
import type { MikroORM } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { PermanentError } from '#server/errors.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';

export const INVOICE_FAILED_EVENT = 'invoice_failed';

type Subject = { orderNumber: string } | { refundId: number };

/** Runs `run`; a PermanentError it throws is put on the order's timeline (once per step and subject) and rethrown. */
export async function noteInvoiceFailure<T>(orm: MikroORM, step: string, subject: Subject, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof PermanentError)) throw err;
    const em = orm.em.fork();
    const order =
      'orderNumber' in subject
        ? await em.findOne(Order, { orderNumber: subject.orderNumber })
        : ((await em.findOne(Refund, subject.refundId, { populate: ['order'] }))?.order ?? null);
    if (order) {
      const key = 'refundId' in subject ? `refund-${subject.refundId}` : 'order';
      await appendOrderEvent(
        em,
        order,
        INVOICE_FAILED_EVENT,
        `${step} failed: ${err.message}`,
        { step, type: err.type },
        `${order.orderNumber}:${INVOICE_FAILED_EVENT}:${step}:${key}`,
      );
    }
    throw err;
  }
}
