// Stock for plain goods, with JavaScript on (project "js") and off (project "nojs"): the admin counts a mug's
// shelf at 2 (Admin → Stock), a customer is told only 2 are left and cannot ask for 3, buys 1 (the stock page then
// shows 1 on hand, none reserved), and the admin refunds it with "Put the refunded items back in stock" ticked:
// 2 on hand again. Each project counts its own mug colour, so neither run sees the other's leftovers, and the
// shelf goes back to its opening 500 at the end for the specs that buy mugs after this one.
import { askForLink, checkOut, chooseOption, emailFor, expect, expectPaid, pay, signInFromEmail, test } from './fixtures';
import { countShelf, expectLevels, refundBackToStock, stockRow } from './stock-steps';

// Its own client address, so the sign-in link limits of other specs (127.0.0.1) are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 200) + 10}` } });

const PRODUCT = 'Stoneware Mug';
const OPENING_STOCK = 500;
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
      await refundBackToStock(page, orderNumber, item, '€22.00');

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
