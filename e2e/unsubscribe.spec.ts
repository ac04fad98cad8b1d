// A first sign-in starts the welcome series; its email in the dev mailbox unsubscribes in one click
// (the page's single button; a GET alone changes nothing), with JavaScript on and off.
import { askForLink, expect, linkInEmail, openEmail, signInFromEmail, test } from './fixtures';

// Its own client address, so the sign-in link limits of other specs are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 40) + 160}` } });

test('unsubscribe in one click from the welcome email; the preferences page agrees', async ({ page, unique }) => {
  const email = `welcome-${unique}@example.com`;
  await page.goto('/login');
  await askForLink(page, email);
  await signInFromEmail(page, email);
  await expect(page).toHaveURL(/\/account$/);

  await openEmail(page, email, 'Welcome to Atelier');
  const unsubscribe = await linkInEmail(page, 'Unsubscribe');
  expect(unsubscribe).toMatch(/\/unsubscribe\?token=\d+\.[\w-]{32}$/);
  await page.goto(unsubscribe);
  await expect(page.getByRole('heading', { name: 'Unsubscribe', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`${email[0]}•••@example.com`);
  await page.getByRole('main').getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('heading', { name: 'You are unsubscribed', level: 1 })).toBeVisible();

  await page.goto('/account/emails');
  await expect(page.getByLabel(/tips and reminders/i)).not.toBeChecked();
  await expect(page.getByLabel(/news and offers/i)).not.toBeChecked();
  // The link again: it says so, with nothing to press.
  await page.goto(unsubscribe);
  await expect(page.getByRole('main')).toContainText('already gets no marketing email');
});
