import { defaultTaxCategory, type TaxCategory } from '#core/tax.ts';
import type { OrderItem } from '#db/entities/order.ts';

/**
 * An order item's VAT category: its variant's when the order was made. Items ordered before variants had one get
 * the category the migration gave their variants: files are digital goods, prints (an item with a print size)
 * printed matter, everything else general goods.
 */
export function orderItemTaxCategory(item: Pick<OrderItem, 'taxCategory' | 'format' | 'printSize'>): TaxCategory {
  return item.taxCategory ?? defaultTaxCategory(item.format, item.printSize ? 'print' : 'good');
}
