// The cart, with JavaScript on (fetchers, optimistic updates) and off (plain form posts):
// change a quantity, remove a line, refuse a quantity outside 1..99, keep the header count right.
import { addPlainProduct, cartLine, cartLink, expect, expectCartCount, summaryValue, test } from './fixtures';

test.describe('cart', () => {
  test.beforeEach(async ({ page }) => {
    await addPlainProduct(page, 'stoneware-mug', { option: /^Midnight blue/ });
    await addPlainProduct(page, 'canvas-tote', { quantity: 2 });
    await expectCartCount(page, 3);
  });

  test('change a quantity, then remove lines', async ({ page }) => {
    const mug = cartLine(page, 'Stoneware Mug');
    const tote = cartLine(page, 'Organic Canvas Tote');
    await expect(mug).toContainText('Midnight blue');
    await expect(mug.getByLabel('Quantity')).toHaveValue('1');
    await expect(tote.getByLabel('Quantity')).toHaveValue('2');
    // 22.00 + 2 × 24.00 = 70.00, under the free-shipping threshold.
    await expect(summaryValue(page, 'Subtotal')).toHaveText('€70.00');
    await expect(summaryValue(page, 'Total')).toHaveText('€79.99');

    await mug.getByLabel('Quantity').fill('4');
    await mug.getByRole('button', { name: 'Update' }).click();
    await expect(mug).toContainText('€88.00');
    await expect(summaryValue(page, 'Subtotal')).toHaveText('€136.00');
    await expect(summaryValue(page, 'Total')).toHaveText('€145.99');
    await expectCartCount(page, 6);
    await expect(mug.getByLabel('Quantity')).toHaveValue('4');

    // From 150.00 shipping is free.
    await tote.getByLabel('Quantity').fill('3');
    await tote.getByRole('button', { name: 'Update' }).click();
    await expect(summaryValue(page, 'Subtotal')).toHaveText('€160.00');
    await expect(summaryValue(page, 'Shipping')).toHaveText('Free');
    await expect(summaryValue(page, 'Total')).toHaveText('€160.00');
    await expectCartCount(page, 7);

    // With JavaScript a removed line goes at once (optimistic UI): the reload below waits for the server's answers to both removals.
    let removals = 0;
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/cart') removals++;
    });
    await mug.getByRole('button', { name: 'Remove Stoneware Mug' }).click();
    await expect(mug).toHaveCount(0);
    await expect(summaryValue(page, 'Subtotal')).toHaveText('€72.00');
    await expectCartCount(page, 3);

    await tote.getByRole('button', { name: 'Remove Organic Canvas Tote' }).click();
    await expect(page.getByText('Your cart is empty.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Check out' })).toHaveCount(0);
    await expectCartCount(page, 0);

    // The server agrees after a fresh load.
    await expect.poll(() => removals).toBe(2);
    await page.reload();
    await expect(page.getByText('Your cart is empty.')).toBeVisible();
    await expectCartCount(page, 0);
  });

  for (const bad of ['0', '100']) {
    test(`a quantity of ${bad} is refused next to the field, keeping what was typed`, async ({ page }) => {
      const mug = cartLine(page, 'Stoneware Mug');
      const quantity = mug.getByLabel('Quantity');
      await quantity.fill(bad);
      await mug.getByRole('button', { name: 'Update' }).click();

      await expect(quantity).toHaveAccessibleDescription('Quantity must be between 1 and 99');
      await expect(quantity).toHaveAttribute('aria-invalid', 'true');
      await expect(quantity).toHaveValue(bad);
      // Nothing changed.
      await expect(summaryValue(page, 'Subtotal')).toHaveText('€70.00');
      await expectCartCount(page, 3);
      await expect(cartLine(page, 'Organic Canvas Tote').getByLabel('Quantity')).not.toHaveAttribute('aria-invalid', 'true');

      // Correcting it clears the message.
      await quantity.fill('2');
      await mug.getByRole('button', { name: 'Update' }).click();
      await expect(summaryValue(page, 'Subtotal')).toHaveText('€92.00');
      await expect(quantity).not.toHaveAttribute('aria-invalid', 'true');
      await expect(mug.getByText('Quantity must be between 1 and 99')).toHaveCount(0);
      await expectCartCount(page, 4);
    });
  }

  test('the header count follows the cart from any page', async ({ page }) => {
    await page.goto('/');
    await expectCartCount(page, 3);
    await cartLink(page).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(
      page
        .getByRole('main')
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { level: 2 }) }),
    ).toHaveCount(2);
  });
});
