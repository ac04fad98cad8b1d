// Stock for plain goods, with JavaScript on (project "js") and off (project "nojs"): the admin counts a mug's
// shelf at 2 (Admin → Stock), a customer is told only 2 are left and cannot ask for 3, buys 1 (the stock page then
// shows 1 on hand, none reserved), and the admin refunds it with "Put the refunded items back in stock" ticked:
// 2 on hand again. Each project counts its own mug colour, so neither run sees the other's leftovers, and the
// shelf goes back to its opening 500 at the end for the specs that buy mugs after this one.
import type { Page } from '@playwright/test';
import { askForLink, checkOut, chooseOption, emailFor, expect, expectPaid, pay, PAYMENT_TIMEOUT, signInFromEmail, test } from './fixtures';

// Its own client address, so the sign-in link limits of other specs (127.0.0.1) are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 200) + 10}` } });

const PRODUCT = 'Stoneware Mug';
const OPENING_STOCK = 500;

interface Levels {
  onHand: number;
  reserved: number;
  available: number;
}

/** A number at the start of a cell (the Available cell may carry a "Low" note after it). */
const leading = (n: number) => new RegExp(`^\\s*${n}(\\D|$)`);

/** The stock table's row of one SKU: its cells are Item, SKU, On hand, Reserved, Available. */
function stockRow(page: Page, sku: string) {
  return page
    .getByRole('table', { name: 'Stock of every physical item' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: sku, exact: true }) });
}

/** Reloads the stock page until the row shows these levels (a payment or refund settles in a workflow). */
async function expectLevels(page: Page, sku: string, levels: Levels): Promise<void> {
  const cells = stockRow(page, sku).getByRole('cell');
  await expect(async () => {
    await page.goto('/admin/stock');
    await expect(cells.nth(2)).toHaveText(leading(levels.onHand), { timeout: 1_000 });
    await expect(cells.nth(3)).toHaveText(leading(levels.reserved), { timeout: 1_000 });
    await expect(cells.nth(4)).toHaveText(leading(levels.available), { timeout: 1_000 });
  }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
}

/** Records a shelf count on the stock page (which must be open) and checks the answer and the table. */
async function countShelf(page: Page, item: string, sku: string, quantity: number, reason: string): Promise<void> {
  await page.getByLabel('Item', { exact: true }).selectOption({ label: `${item} (${sku})` });
  await page.getByLabel('Shelf counted (sets on hand)').check();
  await page.getByLabel('Quantity', { exact: true }).fill(String(quantity));
  await page.getByLabel('Reason (required for a count)').fill(reason);
  await page.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('status')).toContainText(`Counted ${quantity}: ${quantity} on hand now`);
  await expect(stockRow(page, sku).getByRole('cell').nth(2)).toHaveText(leading(quantity));
}

test.describe('stock', () => {
  test('a shelf count limits what customers can buy; a sale takes one off, a refund with restock puts it back', async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
    unique,
  }) => {
    const mug = javaScriptEnabled ? { sku: 'MUG-SPK', option: 'Speckled white' } : { sku: 'MUG-MID', option: 'Midnight blue' };
    const item = `${PRODUCT} — ${mug.option}`;

    // The admin signs in and opens Admin → Stock.
    await page.goto('/login?redirectTo=/admin');
    await askForLink(page, 'admin@example.com');
    await signInFromEmail(page, 'admin@example.com');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Stock' }).click();
    await expect(page.getByRole('heading', { name: 'Stock', level: 1 })).toBeVisible();
    await expect(stockRow(page, mug.sku)).toHaveCount(1);
    await expect(stockRow(page, mug.sku).getByRole('cell').first()).toHaveText(item);

    // A count needs a reason: refused by that field, what was typed kept.
    await page.getByLabel('Item', { exact: true }).selectOption({ label: `${item} (${mug.sku})` });
    await page.getByLabel('Shelf counted (sets on hand)').check();
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Record' }).click();
    await expect(page.getByLabel('Reason (required for a count)')).toHaveAccessibleDescription(/Say why the count changes/);
    await expect(page.getByLabel('Quantity', { exact: true })).toHaveValue('2');

    // The shelf is counted at 2.
    await countShelf(page, item, mug.sku, 2, `Stocktake ${unique}`);
    await expectLevels(page, mug.sku, { onHand: 2, reserved: 0, available: 2 });

    // A customer, in a browser of their own.
    const customerContext = await browser.newContext({ baseURL, javaScriptEnabled });
    try {
      const shopper = await customerContext.newPage();
      await shopper.goto('/products/stoneware-mug');
      const option = shopper.getByRole('group', { name: 'Option' }).getByRole('radio', { name: new RegExp(`^${mug.option}`) });
      await expect(option).toBeEnabled();
      await expect(option).toHaveAccessibleName(/Only 2 left/);
      await chooseOption(shopper, new RegExp(`^${mug.option}`));

      // Three are refused next to the quantity, which keeps what was typed.
      await shopper.getByLabel('Quantity').fill('3');
      await shopper.getByRole('button', { name: 'Add to cart' }).click();
      await expect(shopper.getByLabel('Quantity')).toHaveAccessibleDescription('Only 2 left');
      await expect(shopper.getByLabel('Quantity')).toHaveAttribute('aria-invalid', 'true');
      await expect(shopper.getByLabel('Quantity')).toHaveValue('3');
      await expect(shopper).toHaveURL(/\/products\/stoneware-mug/);

      // One is bought.
      await chooseOption(shopper, new RegExp(`^${mug.option}`));
      await shopper.getByLabel('Quantity').fill('1');
      await shopper.getByRole('button', { name: 'Add to cart' }).click();
      await expect(shopper).toHaveURL(/\/cart(\?|$)/);
      await expect(shopper.getByRole('main')).toContainText(mug.option);
      await checkOut(shopper);
      const orderNumber = await pay(shopper, {
        email: emailFor(unique),
        name: 'Stella Stock',
        address: { line1: '7 Quay Street', city: 'Galway', postalCode: 'H91', country: 'IE' },
      });
      await expectPaid(shopper, javaScriptEnabled);

      // The sale took one off the shelf and left nothing reserved.
      await expectLevels(page, mug.sku, { onHand: 1, reserved: 0, available: 1 });

      // The admin refunds the mug and puts it back in stock.
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
      await expect(page.getByRole('status')).toContainText('Refund of €22.00 started');
      await expect(async () => {
        await page.reload();
        // Both from one page load (see admin.spec.ts): the refund settled and the order's status following it.
        await expect(page.getByRole('region', { name: 'Refunds' })).toContainText('succeeded', { timeout: 1_000 });
        await expect(page.getByRole('heading', { level: 1 })).toContainText('Partially refunded', { timeout: 1_000 });
      }).toPass({ timeout: PAYMENT_TIMEOUT });

      // Back on the shelf.
      await expectLevels(page, mug.sku, { onHand: 2, reserved: 0, available: 2 });

      // The customer sees it too.
      await shopper.goto('/products/stoneware-mug');
      await expect(option).toHaveAccessibleName(/Only 2 left/);
    } finally {
      await customerContext.close();
    }

    // The opening stock again, for the specs that buy mugs after this one.
    await countShelf(page, item, mug.sku, OPENING_STOCK, `Back to the opening stock after ${unique}`);
  });
});
