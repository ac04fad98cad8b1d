// The admin at work, with JavaScript on (project "js") and off (project "nojs"): signs in by magic
// link, finds a customer's order by email, marks it shipped and refunds part of it (mistakes refused by
// the field they are about), leaves a note, exports the list as CSV.
import fs from 'node:fs/promises';
import {
  addToCart,
  askForLink,
  chooseOption,
  checkOut,
  emailFor,
  expect,
  expectPaid,
  fillPersonalisation,
  pay,
  signInFromEmail,
  test,
} from './fixtures';

// Its own client address, so the sign-in link limits of other specs (127.0.0.1) are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 200) + 10}` } });

test.describe('admin', () => {
  test('finds an order by email, marks it shipped, refunds part of it, adds a note and exports CSV', async ({
    page,
    javaScriptEnabled,
    unique,
  }) => {
    // A customer buys a poster.
    const email = emailFor(unique);
    await page.goto('/products/night-sky-poster');
    await chooseOption(page, /^A4 poster/);
    await fillPersonalisation(page, { title: `Admin ${unique}`, place: 'Cork, Ireland', date: '2020-02-02', theme: 'Forest' });
    await addToCart(page);
    await checkOut(page);
    const orderNumber = await pay(page, {
      email,
      name: 'Nora Buyer',
      address: { line1: '3 Pier Road', city: 'Cork', postalCode: 'T12', country: 'IE' },
    });
    await expectPaid(page, javaScriptEnabled);

    // The admin signs in from the sign-in email and lands on the admin.
    await page.context().clearCookies();
    await page.goto('/login?redirectTo=/admin/orders');
    await askForLink(page, 'admin@example.com');
    await signInFromEmail(page, 'admin@example.com');
    await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();

    // Finds the order by the customer's email.
    await page.getByLabel('Order number or email').fill(email);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByRole('main')).toContainText('1 order');
    await page.getByRole('link', { name: orderNumber }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`Order ${orderNumber}`), level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(`Admin ${unique}`);

    // Without a tracking number it is refused by that field, the carrier kept (with JavaScript the browser checks
    // with the form's schema; without, the server answers 400 with the same errors and what was typed).
    await page.getByLabel('Carrier').fill('An Post');
    await page.getByRole('button', { name: 'Mark shipped' }).click();
    await expect(page.getByLabel('Tracking number')).toHaveAccessibleDescription(/Enter the tracking number/);
    await expect(page.getByLabel('Tracking number')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Carrier')).toHaveValue('An Post');
    await expect(page.getByLabel('Carrier')).not.toHaveAttribute('aria-invalid', 'true');

    // A bad tracking link is refused by its field, keeping what was typed; then it ships.
    await page.getByLabel('Tracking number').fill(`RR${unique}IE`);
    await page.getByLabel('Tracking link (optional)').fill('http://insecure.example/track');
    await page.getByRole('button', { name: 'Mark shipped' }).click();
    await expect(page.getByLabel('Tracking link (optional)')).toHaveAccessibleDescription(
      /The tracking link must be an https:\/\/ address/,
    );
    await expect(page.getByLabel('Tracking number')).toHaveValue(`RR${unique}IE`);
    await expect(page.getByLabel('Tracking number')).not.toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Tracking link (optional)').fill(`https://track.example/RR${unique}IE`);
    await page.getByRole('button', { name: 'Mark shipped' }).click();
    await expect(page.getByRole('status')).toContainText('Marked shipped with An Post');
    await page.reload();
    await expect(page.getByRole('main')).toContainText(`Shipped`);
    await expect(page.getByRole('link', { name: `RR${unique}IE` })).toHaveAttribute('href', `https://track.example/RR${unique}IE`);

    // More than was paid is refused by the server, by the amount (with JavaScript too), keeping the reason.
    await page.getByLabel('A custom amount').check();
    await page.getByLabel('Custom amount', { exact: true }).fill('9999.00');
    await page.getByLabel('Reason (the customer sees it)').fill('A corner was bent');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(page.getByLabel('Custom amount', { exact: true })).toHaveAccessibleDescription(
      /Too much: at most €[\d.]+ can be refunded/,
    );
    await expect(page.getByLabel('Reason (the customer sees it)')).toHaveValue('A corner was bent');

    // A partial refund: one of the items' worth, by amount.
    await page.getByLabel('A custom amount').check();
    await page.getByLabel('Custom amount', { exact: true }).fill('5.00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('Refund of €5.00 started');
    await expect(async () => {
      await page.reload();
      // Both from one page load: the loader reads the order and its refunds in two queries, so a load that straddles the
      // refund's commit can show the refund settled beside the order's previous status.
      await expect(page.getByRole('main')).toContainText('succeeded', { timeout: 1_000 });
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Partially refunded', { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });

    // A note.
    await page.getByLabel('Add a note').fill('Wrapped in tissue, as asked.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('status')).toContainText('Note added');
    await expect(page.getByRole('list').filter({ hasText: 'Wrapped in tissue, as asked.' }).first()).toBeVisible();

    // CSV of the filtered list.
    await page.getByRole('link', { name: '← Orders' }).click();
    await page.getByLabel('Order number or email').fill(email);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByRole('main')).toContainText('1 order');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(orderNumber);
    expect(lines[1]).toContain(email);
  });
});
