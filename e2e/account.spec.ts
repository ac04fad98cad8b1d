// The customer area, with JavaScript on (project "js") and off (project "nojs"): a guest buys, signs in
// through the link in the dev mailbox and finds the order; a guest order is looked up by number and
// email; nobody else can open it.
import type { Page } from '@playwright/test';
import {
  addToCart,
  askForLink,
  checkOut,
  emailFor,
  expect,
  expectPaid,
  fillPersonalisation,
  linkInEmail,
  openConfirmationEmail,
  pay,
  signInFromEmail,
  test,
} from './fixtures';

const LOOKUP_ANSWER = /If that order number and email address match an order, we have sent a sign-in link to/;

/** A guest buys a personalised digital print (no shipping address to fill) and waits for "Paid". */
async function buyAsGuest(page: Page, opts: { title: string; email: string; javaScriptEnabled: boolean }): Promise<string> {
  await page.goto('/products/night-sky-print-digital');
  await fillPersonalisation(page, { title: opts.title, place: 'Kyoto, Japan', date: '2023-11-03', theme: 'Blush' });
  await addToCart(page);
  await checkOut(page);
  const orderNumber = await pay(page, { email: opts.email, name: 'Kenji Sato' });
  await expectPaid(page, opts.javaScriptEnabled);
  return orderNumber;
}

const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Account' });

test.describe('customer area', () => {
  test('a guest buys, signs in from the confirmation email and finds the order', async ({ page, javaScriptEnabled, unique }) => {
    const title = `Account ${unique}`;
    const email = emailFor(unique);

    // Anonymous visitors are sent to sign in, and back afterwards.
    await page.goto('/account/orders');
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount%2Forders$/);

    const orderNumber = await buyAsGuest(page, { title, email, javaScriptEnabled });

    // The confirmation email offers "sign in to see your order": /login with the address filled in.
    await openConfirmationEmail(page, email, orderNumber);
    await page.goto(await linkInEmail(page, 'Sign in to see your order'));
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await askForLink(page);
    await signInFromEmail(page, email);

    // The link brings the customer to the order.
    await expect(page).toHaveURL(new RegExp(`/account/orders/${orderNumber}$`));
    await expect(page.getByRole('heading', { name: `Order ${orderNumber}`, level: 1 })).toBeVisible();
    await expect(page.getByTestId('order-status')).toHaveText('Paid');
    const items = page.getByRole('region', { name: 'Items' });
    await expect(items.getByRole('heading', { name: 'Night Sky Print — Digital Download', level: 3 })).toBeVisible();
    await expect(items).toContainText(title);
    await expect(items).toContainText('Kyoto, Japan');
    await expect(items).toContainText('3 November 2023');
    await expect(items.getByRole('img', { name: new RegExp(title) })).toBeVisible();
    // The print files appear by themselves with JavaScript (the page polls), after a reload without it.
    const downloads = page.getByRole('region', { name: 'Downloads' });
    await expect(async () => {
      if (!javaScriptEnabled) await page.reload();
      await expect(downloads.getByRole('link', { name: 'Download PNG' })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [1_000] });
    await expect(downloads).toContainText('PNG · 300 dpi · 2480 × 3508 px');
    await expect(downloads.getByRole('link', { name: 'Download PDF' })).toBeVisible();
    const file = await page.request.get((await downloads.getByRole('link', { name: 'Download PNG' }).getAttribute('href'))!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    expect(file.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.png"/);
    const summary = page.getByRole('region', { name: 'Order summary' });
    await expect(summary).toContainText('Subtotal');
    await expect(summary).toContainText('€15.00');
    const history = page.getByRole('region', { name: 'History' });
    await expect(history).toContainText('Order placed');
    await expect(history).toContainText('Payment received');
    await expect(history).not.toContainText('account created'); // internal events stay internal

    // The orders list.
    await accountNav(page).getByRole('link', { name: 'Orders' }).click();
    await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: orderNumber }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Night Sky Print — Digital Download');
    await expect(row).toContainText('1 item');
    await expect(row).toContainText('€15.00');
    await expect(row).toContainText('Paid');
    await row.getByRole('link', { name: orderNumber }).click();
    await expect(page.getByRole('heading', { name: `Order ${orderNumber}`, level: 1 })).toBeVisible();

    // Profile.
    await accountNav(page).getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText(email);
    await expect(page.getByRole('region', { name: 'Recent orders' }).getByRole('link', { name: orderNumber })).toBeVisible();
    await page.getByLabel('Name').fill('Kenji Sato');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByRole('status')).toHaveText('Your name is saved.');
    await expect(page.getByLabel('Name')).toHaveValue('Kenji Sato');
    await page.goto('/account');
    await expect(page.getByLabel('Name')).toHaveValue('Kenji Sato');

    // Email preferences.
    await accountNav(page).getByRole('link', { name: 'Email preferences' }).click();
    await expect(page.getByRole('heading', { name: 'Email preferences', level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('always go');
    const news = page.getByRole('checkbox', { name: 'News and offers' });
    const tips = page.getByRole('checkbox', { name: 'Tips and reminders' });
    await expect(news).toBeChecked();
    await news.uncheck();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByRole('status')).toHaveText('Your email preferences are saved.');
    await expect(news).not.toBeChecked();
    await page.goto('/account/emails');
    await expect(news).not.toBeChecked();
    await expect(tips).toBeChecked();
  });

  test('a guest order is looked up by number and email; another customer gets 404', async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
    unique,
  }) => {
    const email = emailFor(unique);
    const stranger = `stranger-${unique}@example.com`;
    const orderNumber = await buyAsGuest(page, { title: `Lookup ${unique}`, email, javaScriptEnabled });

    await page.goto('/orders/lookup');
    await expect(page.getByRole('heading', { name: 'Find your order', level: 1 })).toBeVisible();
    const numberField = page.getByLabel('Order number');
    const emailField = page.getByLabel('Email');
    const send = page.getByRole('button', { name: 'Email me a sign-in link' });

    // Bad input is answered next to the field, keeping what was typed.
    await numberField.fill('not-a-number');
    await emailField.fill(email);
    await send.click();
    await expect(numberField).toHaveAccessibleDescription(/Order numbers look like ATL-2026-7K3M9Q2B/);
    await expect(numberField).toHaveValue('not-a-number');
    await expect(emailField).toHaveValue(email);

    // A pair that does not match gets the same answer as one that does, and no email is sent.
    await numberField.fill(orderNumber.toLowerCase());
    await emailField.fill(stranger);
    await send.click();
    await expect(page.getByRole('status')).toHaveText(LOOKUP_ANSWER);
    await expect(page.getByRole('status')).toContainText(stranger);
    await expect(page.getByRole('main')).not.toContainText('Night Sky Print');
    await expect(numberField).toHaveValue(orderNumber.toLowerCase());

    await emailField.fill(email);
    await send.click();
    await expect(page.getByRole('status')).toHaveText(LOOKUP_ANSWER);
    await expect(page.getByRole('status')).toContainText(email);
    await expect(page.getByRole('main')).not.toContainText('Night Sky Print');

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(stranger)}`);
    await expect(page.getByRole('main')).toContainText('No emails yet.');

    // The emailed link signs in and opens the order.
    await signInFromEmail(page, email, `Your sign-in link to see order ${orderNumber}`);
    await expect(page).toHaveURL(new RegExp(`/account/orders/${orderNumber}$`));
    await expect(page.getByRole('heading', { name: `Order ${orderNumber}`, level: 1 })).toBeVisible();
    await expect(page.getByTestId('order-status')).toHaveText('Paid');

    // Someone else, signed in on another browser, cannot tell the order exists.
    const other = await browser.newContext({ baseURL, javaScriptEnabled });
    try {
      const otherPage = await other.newPage();
      await otherPage.goto('/login');
      await askForLink(otherPage, stranger);
      await signInFromEmail(otherPage, stranger);
      await expect(otherPage.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();

      const theirs = await otherPage.goto(`/account/orders/${orderNumber}`);
      expect(theirs?.status()).toBe(404);
      await expect(otherPage.getByRole('heading', { name: 'Order not found', level: 1 })).toBeVisible();
      await expect(otherPage.getByRole('main')).not.toContainText('Night Sky Print');

      const unknown = await otherPage.goto('/account/orders/ATL-2020-00000000');
      expect(unknown?.status()).toBe(404);
      await expect(otherPage.getByRole('heading', { name: 'Order not found', level: 1 })).toBeVisible();

      await otherPage.goto('/account/orders');
      await expect(otherPage.getByRole('main')).toContainText('You have no orders yet.');
    } finally {
      await other.close();
    }
  });

  test('order lookups are limited per address and client, matching or not', async ({ page, unique }) => {
    // Its own client address (the shop trusts X-Forwarded-For from loopback), so the other tests keep theirs.
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': `198.51.100.${(parseInt(unique.slice(-4), 16) % 250) + 1}` });
    const email = `limited-${unique}@example.com`;
    await page.goto('/orders/lookup');
    const numberField = page.getByLabel('Order number');
    const emailField = page.getByLabel('Email');
    const lookUp = async (n: number) => {
      await numberField.fill(`ATL-2026-0000000${n}`);
      await emailField.fill(email);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/orders/lookup'),
        page.getByRole('button', { name: 'Email me a sign-in link' }).click(),
      ]);
    };
    for (let n = 1; n <= 5; n++) {
      await lookUp(n);
      await expect(page.getByRole('status')).toHaveText(LOOKUP_ANSWER);
    }
    await lookUp(6);
    await expect(emailField).toHaveAccessibleDescription(/^Too many lookups for this address\. Please try again in \d+ minutes?\.$/);
    await expect(emailField).toHaveValue(email);
    await expect(numberField).toHaveValue('ATL-2026-00000006');
    await expect(page.getByRole('status')).toHaveCount(0);
  });
});
