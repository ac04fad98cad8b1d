// The customer's data rights, with JavaScript on (project "js") and off (project "nojs"): a signed-in customer
// who bought a print downloads everything the shop keeps about them, then deletes the account: refused until the
// box is ticked, then signed out at once, confirmed by email when the delete-account workflow is done; the same
// address later signs in to a new, empty account.
import fs from 'node:fs/promises';
import type { Page } from '@playwright/test';
import {
  addToCart,
  askForLink,
  checkOut,
  expect,
  expectPaid,
  fillPersonalisation,
  openEmail,
  pay,
  signInFromEmail,
  test,
} from './fixtures';

const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Account' });
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Signs in through the link in the dev mailbox and lands on the account overview. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await askForLink(page, email);
  await signInFromEmail(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
}

test.describe('customer data rights', () => {
  test('a customer downloads their data, deletes the account, and the same address starts afresh', async ({
    page,
    javaScriptEnabled,
    unique,
  }) => {
    const email = `privacy-${unique}@example.com`;
    await signIn(page, email);

    // A digital print, bought while signed in: an order of theirs, and one that holds nothing back.
    const title = `Privacy ${unique}`;
    await page.goto('/products/night-sky-print-digital');
    await fillPersonalisation(page, { title, place: 'Lisbon, Portugal', date: '2024-05-17', theme: 'Forest' });
    await addToCart(page);
    await checkOut(page);
    const orderNumber = await pay(page, { email, name: 'Inês Costa' });
    await expectPaid(page, javaScriptEnabled);

    // Account → "Your data".
    await page.goto('/account');
    await accountNav(page).getByRole('link', { name: 'Your data' }).click();
    await expect(page).toHaveURL(/\/account\/privacy$/);
    await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(email);
    await expect(page.getByRole('main')).not.toContainText('can be deleted once these orders are settled');

    // The download: one JSON file with their profile and their order.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^atelier-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await fs.readFile((await download.path())!, 'utf8')) as {
      profile: { email: string };
      orders: Array<{ orderNumber: string; items: Array<{ personalisation: { title?: string } | null }> }>;
    };
    expect(data.profile.email).toBe(email);
    expect(data.orders.map((o) => o.orderNumber)).toContain(orderNumber);
    expect(data.orders.find((o) => o.orderNumber === orderNumber)?.items[0]?.personalisation?.title).toBe(title);
    await expect(page).toHaveURL(/\/account\/privacy$/);

    // Deleting without ticking the box: the message next to the box, nothing else happens.
    const confirm = page.getByRole('checkbox', { name: 'I understand that my account and my personal data will be deleted for good' });
    const deleteButton = page.getByRole('button', { name: 'Delete my account' });
    await expect(confirm).not.toBeChecked();
    await deleteButton.click();
    await expect(confirm).toHaveAccessibleDescription('Tick the box to confirm that your account should be deleted');
    await expect(confirm).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/account\/privacy$/);
    await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();

    // Ticked: the account goes, and this browser is signed out at once.
    await confirm.check();
    await deleteButton.click();
    await expect(page).toHaveURL(/\/account-deleted$/);
    await expect(page.getByRole('heading', { name: 'Your account is being deleted', level: 1 })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);

    // The delete-account workflow confirms by email, to the address the account had.
    await openEmail(page, email, 'Your Atelier account has been deleted');

    // The same address signs in to a new account, with nothing of the old one.
    await signIn(page, email);
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText(email);
    await expect(page.getByRole('main')).not.toContainText(orderNumber);
    await accountNav(page).getByRole('link', { name: 'Orders' }).click();
    await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('You have no orders yet.');
    await expect(page.getByRole('main')).not.toContainText(orderNumber);
    await accountNav(page).getByRole('link', { name: 'Your data' }).click();
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    const fresh = JSON.parse(await fs.readFile((await again.path())!, 'utf8')) as typeof data;
    expect(fresh.profile.email).toBe(email);
    expect(fresh.orders).toEqual([]);
  });
});
