// A promo code end to end, with JavaScript on and off: an admin creates it, a customer uses it on
// the local payment page (as on Stripe Checkout), and the order carries the discount.
import { addToCart, askForLink, checkOut, emailFor, expect, expectPaid, fillPersonalisation, pay, signInFromEmail, test } from './fixtures';

// Its own client address, so the sign-in link limits of other specs are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 40) + 210}` } });

test.describe('promo codes', () => {
  test('an admin creates a 10% code, a customer applies it at payment, the order records the discount', async ({
    page,
    javaScriptEnabled,
    unique,
  }) => {
    const code = `E2E-${unique.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    // The admin signs in once (sign-in links per address are limited); the session is set aside while the customer shops.
    await page.context().clearCookies();
    await page.goto(`/login?redirectTo=${encodeURIComponent('/admin/promo-codes/new')}`);
    await askForLink(page, 'admin@example.com');
    await signInFromEmail(page, 'admin@example.com');
    await expect(page).toHaveURL(/\/admin\/promo-codes\/new$/);

    // The admin creates the code; a bad percentage is refused next to the field first.
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByLabel('Percentage off').check();
    await page.getByLabel('Percent off (1–100)').fill('150');
    await page.getByRole('button', { name: 'Create promo code' }).click();
    await expect(page.getByText(/100/).and(page.locator('.field-error')).first()).toBeVisible();
    await expect(page.getByLabel('Code', { exact: true })).toHaveValue(code);
    await page.getByLabel('Percent off (1–100)').fill('10');
    await page.getByRole('button', { name: 'Create promo code' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
    // Signed in for sure now (the sign-in cookie arrives with the verify response): keep it for later.
    const adminCookies = await page.context().cookies();

    // A customer buys an A4 digital print (€15.00) and applies the code on the payment page.
    await page.context().clearCookies();
    await page.goto('/products/night-sky-print-digital');
    await fillPersonalisation(page, { title: `Promo ${unique}`, place: 'Galway, Ireland', date: '2021-07-07', theme: 'Sand' });
    await addToCart(page);
    await checkOut(page);
    await page.getByLabel('Promotion code').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${code} applied` })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('€1.50');
    const orderNumber = await pay(page, { email: emailFor(unique), name: 'Pat Promo' });
    await expectPaid(page, javaScriptEnabled);

    // The admin sees the discount on the order and the order on the code's usage.
    await page.context().clearCookies();
    await page.context().addCookies(adminCookies);
    await page.goto(`/admin/orders/${orderNumber}`);
    const amounts = page.getByRole('region', { name: 'Amounts' });
    await expect(amounts).toContainText(code);
    await expect(amounts).toContainText('€13.50');
    await page.goto('/admin/promo-codes');
    await page.getByRole('link', { name: code }).click();
    await expect(page.getByRole('main')).toContainText(orderNumber);
  });
});
