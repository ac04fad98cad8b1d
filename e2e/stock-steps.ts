// Steps on the admin's stock page and refund form, shared by the stock and catalog specs.
import type { Page } from '@playwright/test';
import { expect, PAYMENT_TIMEOUT } from './fixtures';

interface Levels {
  onHand: number;
  reserved: number;
  available: number;
}

/** A number at the start of a cell (the Available cell may carry a "Low" note after it). */
const leading = (n: number) => new RegExp(`^\\s*${n}(\\D|$)`);

/** The stock table's row of one SKU: its cells are Item, SKU, On hand, Reserved, Available. */
export function stockRow(page: Page, sku: string) {
  return page
    .getByRole('table', { name: 'Stock of every physical item' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: sku, exact: true }) });
}

/** Reloads the stock page until the row shows these levels (a payment or refund settles in a workflow). */
export async function expectLevels(page: Page, sku: string, levels: Levels): Promise<void> {
  const cells = stockRow(page, sku).getByRole('cell');
  await expect(async () => {
    await page.goto('/admin/stock');
    await expect(cells.nth(2)).toHaveText(leading(levels.onHand), { timeout: 1_000 });
    await expect(cells.nth(3)).toHaveText(leading(levels.reserved), { timeout: 1_000 });
    await expect(cells.nth(4)).toHaveText(leading(levels.available), { timeout: 1_000 });
  }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
}

/** Records a shelf count on the stock page (which must be open) and checks the answer and the table. */
export async function countShelf(page: Page, item: string, sku: string, quantity: number, reason: string): Promise<void> {
  await page.getByLabel('Item', { exact: true }).selectOption({ label: `${item} (${sku})` });
  await page.getByLabel('Shelf counted (sets on hand)').check();
  await page.getByLabel('Quantity', { exact: true }).fill(String(quantity));
  await page.getByLabel('Reason (required for a count)').fill(reason);
  await page.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('status')).toContainText(`Counted ${quantity}: ${quantity} on hand now`);
  await expect(stockRow(page, sku).getByRole('cell').nth(2)).toHaveText(leading(quantity));
}

/** From Admin → Orders: refunds the order's one line with "Put the refunded items back in stock" ticked, and waits until it succeeded. */
export async function refundBackToStock(page: Page, orderNumber: string, item: string, amount: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Orders' }).click();
  await page.getByLabel('Order number or email').fill(orderNumber);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('main')).toContainText('1 order');
  await page.getByRole('link', { name: orderNumber }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Order ${orderNumber}`), level: 1 })).toBeVisible();

  await page.getByLabel('Line items').check();
  await page.getByLabel(`${item}: how many to refund (of 1)`).fill('1');
  await page.getByLabel('Put the refunded items back in stock').check();
  await page.getByLabel('Reason (the customer sees it)').fill('Arrived chipped');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`Refund of ${amount} started`);
  await expect(async () => {
    await page.reload();
    // Both from one page load (see admin.spec.ts): the refund settled and the order's status following it.
    await expect(page.getByRole('region', { name: 'Refunds' })).toContainText('succeeded', { timeout: 1_000 });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Partially refunded', { timeout: 1_000 });
  }).toPass({ timeout: PAYMENT_TIMEOUT });
}
