import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderEvent, type Order } from '#db/entities/order.ts';

/** Appends an order event once: a retried step writes the same dedupe key and nothing happens. */
export async function appendOrderEvent(
  em: EntityManager,
  order: Order,
  type: string,
  message: string,
  data: Record<string, unknown> | null,
  dedupeKey: string,
): Promise<void> {
  await em
    .createQueryBuilder(OrderEvent)
    .insert({ order: order.id, type, message, data, dedupeKey, createdAt: new Date(), updatedAt: new Date() })
    .onConflict('dedupe_key')
    .ignore()
    .execute();
}
