// Loyalty points end to end, with JavaScript on (project "js") and off (project "nojs"): a new customer earns points
// with an order (pending: the stack runs in real time, so the refund window does not pass), an admin gives 500 points,
// the customer spends 300 of them on a second order, and a full refund of that order gives the 300 back and takes its
// earned points away.
// Worked by hand (POINTS_EARN_RATE 1 per whole euro of goods after discounts, POINT_VALUE 1 cent):
//   order 1: A4 digital files €15.00 → 15 points pending;
//   order 2: A3 digital files €19.00 less 300 points (€3.00) = €16.00 → 16 points pending; 500 − 300 = 200 available;
//   refund of order 2 in full (€16.00): 300 given back (500 available), its 16 pending taken back (15 pending left).
import type { Browser, Locator, Page } from '@playwright/test';
import {
  PAYMENT_TIMEOUT,
  addToCart,
  askForLink,
  chooseOption,
  emailFor,
  escapeRegExp,
  expect,
  expectPaid,
  fillPersonalisation,
  pay,
  signInFromEmail,
  summaryValue,
  test,
} from './fixtures';

// Its own client address, so the sign-in link limits of other specs are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `203.0.113.${Math.floor(Math.random() * 250) + 1}` } });

/** Waits for a refund's workflow and the points it moves. */
const WORKFLOW_TIMEOUT = 60_000;

const PRODUCT = 'Night Sky Print — Digital Download';

// ------------------------------------------------------------------------------------------------
// /account/points

/** The value beside a term of the balance ("Available", "Pending"). */
function balanceValue(page: Page, term: string): Locator {
  return page
    .getByRole('region', { name: 'Balance' })
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** "500 points", and for available points the worth that follows in brackets. */
const pointsCount = (n: number) => new RegExp(`^${n.toLocaleString('en-IE')} points?(\\s|$)`);

/** The row of the pending table for one order: its cells are Points, Available from. */
function pendingRow(page: Page, orderNumber: string): Locator {
  return page
    .getByRole('region', { name: 'Pending', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: orderNumber, exact: true }) });
}

/** The history's rows of one kind ("Spent", "Given back") for one order, or for none. */
function historyRows(page: Page, label: string, orderNumber?: string): Locator {
  const rows = page.getByRole('region', { name: 'History' }).getByRole('row').filter({ hasText: label });
  return orderNumber ? rows.filter({ has: page.getByRole('link', { name: orderNumber, exact: true }) }) : rows;
}

/**
 * Opens /account/points until what the checks expect is there (a workflow moves the points). Every check runs on the
 * same page load: the balance and the tables are separate reads, so a load that straddles a transfer may differ.
 */
async function expectPointsPage(page: Page, checks: () => Promise<void>, timeout = PAYMENT_TIMEOUT): Promise<void> {
  await expect(async () => {
    await page.goto('/account/points');
    await expect(page.getByRole('heading', { name: 'Your points', level: 1 })).toBeVisible({ timeout: 1_000 });
    await checks();
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
}

const quick = { timeout: 1_000 };

// ------------------------------------------------------------------------------------------------
// Steps

/** Signs in from the emailed link and lands on `redirectTo`. */
async function signIn(page: Page, email: string, redirectTo: string): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await askForLink(page, email);
  await signInFromEmail(page, email);
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(redirectTo)}$`));
}

/** Puts a personalised digital print in the cart (cart page open afterwards). */
async function addPrint(page: Page, option: RegExp, title: string): Promise<void> {
  await page.goto('/products/night-sky-print-digital');
  await chooseOption(page, option);
  await fillPersonalisation(page, { title, place: 'Dingle, Ireland', date: '2019-04-12', theme: 'Forest' });
  await addToCart(page);
}

/** The admin, in a browser of their own, signed in and on the customer's page. */
async function adminOnCustomerPage(
  browser: Browser,
  opts: { baseURL: string; javaScriptEnabled: boolean; extraHTTPHeaders: Record<string, string> | undefined; email: string },
): Promise<{ admin: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    javaScriptEnabled: opts.javaScriptEnabled,
    extraHTTPHeaders: opts.extraHTTPHeaders,
  });
  const admin = await context.newPage();
  await signIn(admin, 'admin@example.com', '/admin/customers');
  await expect(admin.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  const search = admin.getByRole('form', { name: 'Search customers' });
  await search.getByLabel('Email').fill(opts.email);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(admin.getByRole('main')).toContainText('1 customer');
  await admin.getByRole('link', { name: opts.email, exact: true }).click();
  await expect(admin).toHaveURL(/\/admin\/customers\/\d+$/);
  await expect(admin.getByRole('heading', { name: opts.email, level: 1 })).toBeVisible();
  return { admin, close: () => context.close() };
}

// ------------------------------------------------------------------------------------------------

test.describe('loyalty points', () => {
  test('earned pending, given by an admin, spent at checkout, given back by a refund', async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
    extraHTTPHeaders,
    unique,
  }) => {
    test.slow(); // two orders, two sign-ins and a refund's workflow
    const email = emailFor(unique);

    // 1. A new customer signs in: no points yet.
    await signIn(page, email, '/account/points');
    await expect(page.getByRole('heading', { name: 'Your points', level: 1 })).toBeVisible();
    await expect(balanceValue(page, 'Available')).toHaveText(pointsCount(0));
    await expect(balanceValue(page, 'Pending')).toHaveText(pointsCount(0));
    await expect(page.getByRole('region', { name: 'History' })).toContainText('No points yet.');

    // Buys A4 digital files (€15.00); with no points there is nothing to spend.
    await addPrint(page, /^A4 digital files/, `Points ${unique}`);
    await expect(page.getByLabel('Points to use')).toHaveCount(0);
    await page.getByRole('button', { name: 'Check out' }).click();
    await expect(page).toHaveURL(/\/dev\/pay\/[^/?]+/, { timeout: PAYMENT_TIMEOUT });
    await expect(page.getByTestId('points-applied')).toHaveCount(0);
    await expect(page.getByTestId('payment-total')).toHaveText('€15.00');
    const first = await pay(page, { email, name: 'Mairead Points' });
    await expectPaid(page, javaScriptEnabled);

    // The order's 15 points are pending.
    await expectPointsPage(page, async () => {
      await expect(pendingRow(page, first).getByRole('cell').first()).toHaveText('15', quick);
      await expect(balanceValue(page, 'Pending')).toHaveText(pointsCount(15), quick);
      await expect(balanceValue(page, 'Available')).toHaveText(pointsCount(0), quick);
      await expect(historyRows(page, 'Earned', first)).toHaveCount(1, quick);
      await expect(historyRows(page, 'Earned', first)).toContainText('+15', quick);
    });

    // 2. The admin gives 500 points with a reason.
    const { admin, close } = await adminOnCustomerPage(browser, { baseURL: baseURL!, javaScriptEnabled, extraHTTPHeaders, email });
    try {
      const customerPage = admin.url();
      const points = admin.getByRole('region', { name: 'Points', exact: true });
      await expect(admin.getByTestId('points-available')).toHaveText('0');
      await points.getByLabel('Points (positive adds, negative takes away)').fill('500');
      await points.getByLabel('Reason (kept with the adjustment)').fill('Sorry for the late delivery');
      await points.getByRole('button', { name: 'Record adjustment' }).click();
      await expect(admin.getByRole('status').filter({ hasText: /^Added / })).toContainText('Added 500 points');
      await admin.reload();
      await expect(admin.getByTestId('points-available')).toHaveText('500');
      await expect(admin.getByTestId('points-entries')).toContainText('Sorry for the late delivery');

      await page.goto('/account/points');
      await expect(balanceValue(page, 'Available')).toHaveText(pointsCount(500));
      await expect(balanceValue(page, 'Available')).toContainText('€5.00');
      await expect(historyRows(page, 'Adjusted by the shop')).toContainText('Sorry for the late delivery');
      await expect(historyRows(page, 'Adjusted by the shop')).toContainText('+500');

      // 3. The customer buys A3 digital files (€19.00) and spends points: bad input is answered by the field, kept.
      await addPrint(page, /^A3 digital files/, `Spend ${unique}`);
      const pointsField = page.getByLabel('Points to use');
      await expect(page.getByTestId('points-offer')).toContainText('You have 500 points');
      await expect(page.getByTestId('points-offer')).toContainText('€5.00');
      await pointsField.fill('abc');
      await page.getByRole('button', { name: 'Check out' }).click();
      await expect(page).toHaveURL(/\/checkout$/);
      await expect(pointsField).toHaveAccessibleDescription(/Enter a whole number of points/);
      await expect(pointsField).toHaveAttribute('aria-invalid', 'true');
      await expect(pointsField).toHaveValue('abc');

      await pointsField.fill('600');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(pointsField).toHaveAccessibleDescription(/You have 500 points available/);
      await expect(pointsField).toHaveValue('600');

      await pointsField.fill('300');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(page).toHaveURL(/\/dev\/pay\/[^/?]+/, { timeout: PAYMENT_TIMEOUT });
      await expect(page.getByTestId('points-applied')).toContainText('Loyalty points — you save €3.00');
      await expect(summaryValue(page, 'Discount (loyalty points)')).toHaveText(/€3\.00$/);
      await expect(page.getByTestId('payment-total')).toHaveText('€16.00');
      await expect(page.getByTestId('pay-amount')).toHaveText('€16.00');
      // No promotion code beside points.
      await expect(page.getByLabel('Promotion code')).toHaveCount(0);
      const second = await pay(page, { email, name: 'Mairead Points' });
      await expectPaid(page, javaScriptEnabled);

      // 200 left; the spending is in the history, linked to the order; the order's 16 points are pending.
      await expectPointsPage(page, async () => {
        await expect(balanceValue(page, 'Available')).toHaveText(pointsCount(200), quick);
        await expect(historyRows(page, 'Spent', second)).toHaveCount(1, quick);
        await expect(historyRows(page, 'Spent', second)).toContainText('300', quick);
        await expect(pendingRow(page, second).getByRole('cell').first()).toHaveText('16', quick);
        await expect(pendingRow(page, first).getByRole('cell').first()).toHaveText('15', quick);
        await expect(balanceValue(page, 'Pending')).toHaveText(pointsCount(31), quick);
      });

      // 4. The admin refunds the second order in full.
      await admin.goto(`/admin/orders/${second}`);
      await expect(admin.getByRole('heading', { name: new RegExp(`Order ${second}`), level: 1 })).toBeVisible();
      await admin.getByLabel('Line items').check();
      await admin.getByLabel(`${PRODUCT} — A3 digital files: how many to refund (of 1)`).fill('1');
      await admin.getByLabel('Reason (the customer sees it)').fill('Changed their mind');
      await admin.getByRole('button', { name: 'Refund', exact: true }).click();
      // (The order's files may still be rendering: that progress is a status too.)
      await expect(admin.getByRole('status').filter({ hasText: /^Refund of / })).toHaveText('Refund of €16.00 started');
      await expect(async () => {
        await admin.reload();
        await expect(admin.getByRole('region', { name: 'Refunds' })).toContainText('succeeded', quick);
        await expect(admin.getByRole('heading', { level: 1 })).toContainText(/\bRefunded\b/, quick);
      }).toPass({ timeout: WORKFLOW_TIMEOUT, intervals: [500, 1_000, 2_000] });

      // The 300 spent come back; the order's earned points are no longer pending; the first order's still are.
      await expectPointsPage(
        page,
        async () => {
          await expect(balanceValue(page, 'Available')).toHaveText(pointsCount(500), quick);
          await expect(balanceValue(page, 'Pending')).toHaveText(pointsCount(15), quick);
          await expect(pendingRow(page, second)).toHaveCount(0, quick);
          await expect(pendingRow(page, first).getByRole('cell').first()).toHaveText('15', quick);
          await expect(historyRows(page, 'Given back', second)).toContainText('+300', quick);
          await expect(historyRows(page, 'Taken back', second)).toContainText('16', quick);
          await expect(page.getByRole('region', { name: 'When your points expire' })).toContainText(
            new RegExp(`Given back: refund of order ${escapeRegExp(second)}`),
            quick,
          );
        },
        WORKFLOW_TIMEOUT,
      );

      // The admin's view agrees.
      await admin.goto(customerPage);
      await expect(admin.getByTestId('points-available')).toHaveText('500');
    } finally {
      await close();
    }
  });
});
