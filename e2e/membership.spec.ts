// A membership end to end, with JavaScript on (project "js") and off (project "nojs"): a new customer joins "Starter"
// (€9.00 a month, 5 credits, no trial) on the local stand-in for Stripe Checkout, sees the membership active with its
// 5 credits once the first invoice is paid (invoice.paid → /webhooks/stripe → the membership-<customerId> workflow),
// pauses it for a month, resumes it, cancels it at the end of the period, and ends it now. Ending it without ticking
// the confirmation is refused next to the box and changes nothing.
// Periods are 30 days (MEMBERSHIP_TIME_SCALE left as it is): nothing here waits for a renewal.
import type { Locator, Page } from '@playwright/test';
import { PAYMENT_TIMEOUT, askForLink, emailFor, escapeRegExp, expect, signInFromEmail, test } from './fixtures';

// Its own client address, so the sign-in link limits of other specs are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `192.0.2.${Math.floor(Math.random() * 250) + 1}` } });

const PERIOD_MS = 30 * 86_400_000;

/** "14 June 2025", in UTC: how the shop prints a date. */
const dayText = (at: Date) =>
  new Intl.DateTimeFormat('en-IE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);

const quick = { timeout: 1_000 };

// ------------------------------------------------------------------------------------------------
// /account/membership

/** The value beside a term of the membership's facts ("Status", "Next payment", "Credits this period", …). */
function fact(page: Page, term: string): Locator {
  return page
    .getByRole('main')
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

const status = (page: Page) => fact(page, 'Status');

/** "5 credits" in "5 credits available · Points and credits". */
const creditBalance = (page: Page) => page.getByTestId('membership-credits');

/** What the last change did, said at the top of the page. */
const said = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** The "Change your membership" part of the page, with a form for each change the membership allows. */
const changes = (page: Page) => page.getByRole('region', { name: 'Change your membership' });

const invoiceRows = (page: Page) =>
  page
    .getByRole('region', { name: 'Invoices' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });

// ------------------------------------------------------------------------------------------------
// Steps

/** Signs in from the emailed link and lands on `redirectTo`. */
async function signIn(page: Page, email: string, redirectTo: string): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await askForLink(page, email);
  await signInFromEmail(page, email);
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(redirectTo)}$`));
}

/**
 * Back from the stand-in's page the membership shows once the workflow has the first payment: with JavaScript the
 * page looks again by itself; without it the member follows "Refresh". The credits come with invoice.paid, which may
 * follow the membership's start: the page is loaded again until they are there.
 */
async function expectJoined(page: Page, javaScriptEnabled: boolean): Promise<void> {
  const welcome = said(page, 'Welcome: you are a member.');
  if (javaScriptEnabled) {
    await expect(welcome).toBeVisible({ timeout: PAYMENT_TIMEOUT });
  } else {
    await expect(async () => {
      const refresh = page.getByRole('link', { name: 'Refresh' });
      if (await refresh.isVisible()) await refresh.click();
      await expect(welcome).toBeVisible(quick);
    }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
  }
  await expect(page.getByRole('link', { name: 'Refresh' })).toHaveCount(0);
  await expect(async () => {
    try {
      await expect(status(page)).toHaveText('Active', quick);
      await expect(fact(page, 'Credits this period')).toHaveText('5 credits', quick);
      await expect(creditBalance(page)).toHaveText('5 credits', quick);
    } catch (err) {
      await page.reload();
      throw err;
    }
  }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
}

/** Loads the page again until the checks pass (each on one load). */
async function reloadUntil(page: Page, checks: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await checks();
  }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
}

// ------------------------------------------------------------------------------------------------

test('a member joins, pauses, resumes, cancels at the end of the period and then ends the membership now', async ({
  page,
  javaScriptEnabled,
  unique,
}) => {
  test.slow(); // a sign-in, a checkout and five changes, each through the membership's workflow
  const email = emailFor(unique);

  // 1. The plans, read signed in; "Starter" says what it costs and gives.
  await signIn(page, email, '/membership');
  await expect(page.getByRole('heading', { name: 'Membership', level: 1 })).toBeVisible();
  const starter = page.getByRole('region', { name: 'Starter', exact: true });
  await expect(starter).toContainText('€9.00 a month');
  await expect(starter).toContainText('5 credits every month you pay for');
  await expect(starter).not.toContainText('Free trial');
  await expect(page.getByRole('region', { name: 'Pro', exact: true })).toContainText('The first 7 days are free');

  // 2. Joining goes to the stand-in for Stripe Checkout.
  await starter.getByRole('button', { name: 'Join Starter' }).click();
  await expect(page).toHaveURL(/\/dev\/subscribe\/sub_local_[^/?]+$/, { timeout: PAYMENT_TIMEOUT });
  await expect(page.getByRole('heading', { name: 'Subscribe', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('€9.00 per month.');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();

  // 3. Back on the account: active, 5 credits this period and 5 to spend, the first invoice paid.
  await expect(page).toHaveURL(/\/account\/membership\?joined=1$/, { timeout: PAYMENT_TIMEOUT });
  await expect(page.getByRole('heading', { name: 'Your membership', level: 1 })).toBeVisible();
  await expectJoined(page, javaScriptEnabled);
  await expect(fact(page, 'Plan')).toHaveText('Starter — €9.00 a month, 5 credits a month');
  const renewal = fact(page, 'Next payment').locator('time');
  const renewsAt = new Date((await renewal.getAttribute('datetime')) ?? '');
  expect(renewsAt.getTime(), 'the next payment has a date').not.toBeNaN();
  const renewsOn = dayText(renewsAt);
  await expect(fact(page, 'Next payment')).toHaveText(`€9.00 on ${renewsOn}`);
  await expect(invoiceRows(page)).toHaveCount(1);
  await expect(invoiceRows(page).first()).toContainText('€9.00');
  await expect(invoiceRows(page).first()).toContainText('Paid');
  await expect(page.getByRole('button', { name: 'Update your card' })).toBeVisible();

  // 4. Paused for one month: billing resumes a period after the current one ends.
  const resumesOn = dayText(new Date(renewsAt.getTime() + PERIOD_MS));
  await changes(page).getByLabel('Pause for').selectOption({ label: '1 month' });
  await changes(page).getByRole('button', { name: 'Pause my membership' }).click();
  await expect(said(page, 'Your membership is paused')).toHaveText(
    `Your membership is paused until ${resumesOn}: no payment and no credits until then.`,
  );
  await expect(status(page)).toHaveText(`Paused until ${resumesOn}`);
  await expect(fact(page, 'Next payment')).toHaveText(`€9.00 on ${resumesOn}`);
  await expect(changes(page)).toContainText(`Your membership resumes by itself on ${resumesOn}.`);
  await expect(changes(page).getByRole('button', { name: 'Pause my membership' })).toHaveCount(0);
  await expect(creditBalance(page)).toHaveText('5 credits');

  // 5. Resumed: active again, renewing as before.
  await changes(page).getByRole('button', { name: 'Resume my membership' }).click();
  await expect(said(page, 'Your membership is active again.')).toBeVisible();
  await expect(status(page)).toHaveText('Active');
  await expect(fact(page, 'Next payment')).toHaveText(`€9.00 on ${renewsOn}`);
  await expect(changes(page).getByRole('button', { name: 'Pause my membership' })).toBeVisible();

  // 6. Cancelled at the end of the period: it ends on the day it would have renewed, and can be kept.
  await changes(page).getByRole('button', { name: 'Cancel at the end of the period' }).click();
  await expect(said(page, 'Your membership is cancelled')).toHaveText(
    `Your membership is cancelled: it ends on ${renewsOn}, with no further payment.`,
  );
  await expect(status(page)).toHaveText(`Ends on ${renewsOn} (cancelled)`);
  await expect(fact(page, 'Next payment')).toHaveText('None');
  await expect(changes(page).getByRole('button', { name: 'Keep my membership' })).toBeVisible();
  await expect(changes(page)).toContainText(`Changed your mind? Keep your membership and it renews on ${renewsOn} as before.`);
  await expect(changes(page).getByRole('button', { name: 'Cancel at the end of the period' })).toHaveCount(0);

  // 7. Ending it now without ticking the box: refused next to the box, nothing changes.
  const confirm = changes(page).getByRole('checkbox', { name: 'I understand that my membership ends now' });
  const endNow = changes(page).getByRole('button', { name: 'End my membership now' });
  await expect(confirm).not.toBeChecked();
  await endNow.click();
  await expect(confirm).toHaveAccessibleDescription('Tick the box to confirm that your membership ends now');
  await expect(confirm).toHaveAttribute('aria-invalid', 'true');
  await expect(status(page)).toHaveText(`Ends on ${renewsOn} (cancelled)`);
  await reloadUntil(page, async () => {
    await expect(status(page)).toHaveText(`Ends on ${renewsOn} (cancelled)`, quick);
    await expect(changes(page).getByRole('button', { name: 'Keep my membership' })).toBeVisible(quick);
  });

  // 8. Ticked: the membership ends today; Starter's credits stay the member's.
  await confirm.check();
  await endNow.click();
  await expect(said(page, 'Your membership has ended.')).toHaveText('Your membership has ended. You are welcome back any time.');
  await expect(status(page)).toHaveText(`Ended on ${dayText(new Date())} because it was cancelled`);
  await expect(changes(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Update your card' })).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('link', { name: 'Join again' })).toBeVisible();
  await expect(creditBalance(page)).toHaveText('5 credits');
  await reloadUntil(page, async () => {
    await expect(status(page)).toHaveText(/^Ended on /, quick);
  });
});
