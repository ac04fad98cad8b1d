// VAT and the invoice, with JavaScript on (project "js") and off (project "nojs"): a tote bag bought to Germany.
// Prices include VAT (the shop's default): the cart estimates Ireland's VAT, the payment page shows Germany's once the
// country is chosen (live with JavaScript, "Update VAT" without), the order page shows it, and the invoice downloads.
// Worked by hand: 24.00 incl. 19 % = 3.83; shipping 9.99 incl. 19 % = 1.595 → 1.60; VAT 5.43 of 33.99.
// Ireland's estimate: 24.00 incl. 23 % = 4.488 → 4.49; 9.99 incl. 23 % = 1.868 → 1.87; 6.36.
import { addToCart, checkOut, emailFor, expect, expectPaid, fillPayer, summaryValue, test } from './fixtures';

test.describe('VAT and invoices', () => {
  test('buying to Germany: VAT on the payment page and the order page, the invoice downloads', async ({
    page,
    javaScriptEnabled,
    unique,
  }) => {
    await page.goto('/products/canvas-tote');
    await addToCart(page);
    await expect(summaryValue(page, 'Total')).toHaveText('€33.99');
    await expect(page.getByRole('main')).toContainText('Includes VAT of €6.36 (estimated for Ireland');

    await checkOut(page);
    await expect(page.getByTestId('vat-note')).toContainText('Estimated for Ireland until you choose a country');
    await fillPayer(page, {
      email: emailFor(unique),
      name: 'Grete Weber',
      address: { line1: 'Hauptstraße 5', city: 'Berlin', postalCode: '10115', country: 'DE' },
    });
    if (!javaScriptEnabled) {
      await page.getByRole('button', { name: 'Update VAT' }).click();
      // What was typed is kept.
      await expect(page.getByLabel('Name on card')).toHaveValue('Grete Weber');
      await expect(page.getByLabel('City')).toHaveValue('Berlin');
    }
    await expect(page.getByTestId('vat-note')).toContainText('Includes VAT of €5.43 for Germany');
    await expect(page.getByTestId('vat-note')).not.toContainText('Estimated');
    await expect(page.getByTestId('payment-total')).toHaveText('€33.99');

    await page.getByRole('button', { name: /^Pay\b/ }).click();
    await expect(page).toHaveURL(/\/checkout\/success\?order=/, { timeout: 30_000 });
    await expectPaid(page, javaScriptEnabled);
    const main = page.getByRole('main');
    await expect(main).toContainText('Germany');
    await expect(main).toContainText('€5.43');

    // The invoice is issued by the checkout right after payment; without JavaScript the shopper reloads.
    const invoice = page.getByRole('link', { name: /^Invoice INV-\d{4}-\d{6} \(PDF\)$/ });
    await expect(async () => {
      if (!javaScriptEnabled) await page.reload();
      await expect(invoice).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [500, 1_000, 2_000] });
    const href = await invoice.getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
