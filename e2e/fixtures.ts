// Shared fixtures and the steps a shopper takes, written as a person would: fields by their label,
// buttons and links by their name. Every test gets a fresh browser context, hence its own cart.
import { randomBytes } from 'node:crypto';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** Waits where a payment (webhook → workflow → database) or an email is involved. */
export const PAYMENT_TIMEOUT = 30_000;

export const ORDER_NUMBER = /[A-Z]+-\d{4}-[0-9A-HJKMNP-TV-Z]{8}/;

export interface Personalisation {
  title: string;
  subtitle?: string;
  place: string;
  /** YYYY-MM-DD */
  date: string;
  /** The theme's label, e.g. "Forest". */
  theme: string;
}

export interface Payer {
  email: string;
  name: string;
  address?: { line1: string; city: string; postalCode: string; country: string };
}

interface Fixtures {
  /** A short token unique to this test run and test, for titles and email addresses. */
  unique: string;
  temporalUiUrl: string;
  /** Automatic: fails the test when a page of the shop reports a Content-Security-Policy violation. */
  cspViolations: string[];
}

// Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern,
// even an empty one.
/* eslint-disable no-empty-pattern */
export const test = base.extend<Fixtures>({
  // The shop started by global-setup.ts; page.goto('/cart') etc. are relative to it.
  baseURL: async ({}, provide) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL is not set: run through e2e/playwright.config.ts (its global setup starts the shop)');
    await provide(url);
  },
  temporalUiUrl: async ({}, provide) => {
    const url = process.env.E2E_TEMPORAL_UI_URL;
    if (!url) throw new Error('E2E_TEMPORAL_UI_URL is not set');
    await provide(url);
  },
  unique: async ({}, provide, testInfo) => {
    await provide(`${testInfo.project.name}${testInfo.workerIndex}${randomBytes(4).toString('hex')}`);
  },
  // Chromium reports a blocked script, style, image or form on the console ("Refused to …  because it
  // violates the following Content Security Policy directive"), with or without JavaScript; with it,
  // the page's securitypolicyviolation event is logged too. Only the shop's own pages count (the
  // Temporal UI is another origin with its own policy).
  cspViolations: [
    async ({ context, baseURL }, provide) => {
      const shop = new URL(baseURL!).origin;
      const violations: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(
            `securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
          );
        });
      });
      context.on('console', (message) => {
        const text = message.text();
        if (!/Content Security Policy|securitypolicyviolation/i.test(text)) return;
        const pageUrl = message.page()?.url() ?? '';
        if (pageUrl.startsWith(shop) || pageUrl === 'about:blank') violations.push(`${pageUrl}: ${text}`);
      });
      await provide(violations);
      expect(violations, 'Content-Security-Policy violations on the shop’s pages').toEqual([]);
    },
    { auto: true },
  ],
});
/* eslint-enable no-empty-pattern */

export { expect };

export const emailFor = (unique: string) => `buyer-${unique}@example.com`;

// ------------------------------------------------------------------------------------------------
// Product page

/** The live preview of the print: the SVG design (role img) in the preview frame. */
export function preview(page: Page): Locator {
  return page.locator('.preview-frame').getByRole('img');
}

export async function fillPersonalisation(page: Page, p: Personalisation): Promise<void> {
  await page.getByLabel('Title', { exact: true }).fill(p.title);
  await page.getByLabel('Subtitle', { exact: true }).fill(p.subtitle ?? '');
  await page.getByLabel('Place', { exact: true }).fill(p.place);
  await page.getByLabel('Date', { exact: true }).fill(p.date);
  // The radio sits under its colour chip: a person clicks the chip or its name.
  const themes = page.getByRole('group', { name: 'Colour theme' });
  await themes.getByText(p.theme, { exact: true }).click();
  await expect(themes.getByRole('radio', { name: p.theme, exact: true })).toBeChecked();
}

/**
 * Fills the personalisation and checks that the preview shows the title: live with JavaScript,
 * after "Update preview" (a plain GET of the same form) without.
 */
export async function personaliseWithPreview(page: Page, p: Personalisation, javaScriptEnabled: boolean): Promise<void> {
  await fillPersonalisation(page, p);
  if (!javaScriptEnabled) {
    await page.getByRole('button', { name: 'Update preview' }).click();
    await expect(page).toHaveURL(/[?&]title=/);
  }
  await expect(preview(page)).toContainText(p.title);
  await expect(preview(page)).toHaveAccessibleName(new RegExp(escapeRegExp(p.title)));
  // What was typed survives the round trip.
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(p.title);
  await expect(page.getByLabel('Place', { exact: true })).toHaveValue(p.place);
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue(p.date);
  await expect(page.getByRole('radio', { name: p.theme, exact: true })).toBeChecked();
}

export async function chooseOption(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('group', { name: 'Option' }).getByRole('radio', { name }).check();
}

export async function addToCart(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page).toHaveURL(/\/cart(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Your cart', level: 1 })).toBeVisible();
}

/** Adds a product that needs no personalisation (first option unless given). */
export async function addPlainProduct(page: Page, slug: string, opts: { option?: string | RegExp; quantity?: number } = {}): Promise<void> {
  await page.goto(`/products/${slug}`);
  if (opts.option) await chooseOption(page, opts.option);
  if (opts.quantity) await page.getByLabel('Quantity').fill(String(opts.quantity));
  await addToCart(page);
}

// ------------------------------------------------------------------------------------------------
// Header, cart

/** The header's cart link; its accessible name carries the count ("Cart 2 items in cart"). */
export function cartLink(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Cart/ });
}

export async function expectCartCount(page: Page, count: number): Promise<void> {
  await expect(cartLink(page)).toHaveAccessibleName(new RegExp(`\\b${count} items? in cart`));
}

/**
 * After payment the cart is checked out. The page's header (root loader) and its order (route loader) are
 * read side by side, so the request that first sees the order paid may still count the cart; without
 * JavaScript nothing revalidates that page, so the next one is looked at.
 */
export async function expectCartCheckedOut(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (!javaScriptEnabled) await page.reload();
  await expectCartCount(page, 0);
}

/** One line of the cart, found by its product title (a level-2 heading). */
export function cartLine(page: Page, productTitle: string): Locator {
  return page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: productTitle, level: 2 }) });
}

/** The value next to a term in the order summary ("Subtotal", "Shipping", "Total"). */
export function summaryValue(page: Page, term: string): Locator {
  return page
    .getByRole('region', { name: 'Order summary' })
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

export async function checkOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/dev\/pay\/[^/?]+/, { timeout: PAYMENT_TIMEOUT });
  await expect(page.getByRole('heading', { name: /^Pay Atelier/, level: 1 })).toBeVisible();
}

// ------------------------------------------------------------------------------------------------
// Local payment page, success page, mailbox

export async function fillPayer(page: Page, payer: Payer): Promise<void> {
  await page.getByLabel('Email').fill(payer.email);
  await page.getByLabel('Name on card').fill(payer.name);
  if (payer.address) {
    const shipping = page.getByRole('group', { name: 'Shipping address' });
    await shipping.getByLabel('Address line 1').fill(payer.address.line1);
    await shipping.getByLabel('City').fill(payer.address.city);
    await shipping.getByLabel('Postal code').fill(payer.address.postalCode);
    await shipping.getByLabel('Country').selectOption(payer.address.country);
  }
}

/** Pays on the local payment page and returns the order number shown on the success page. */
export async function pay(page: Page, payer: Payer): Promise<string> {
  await fillPayer(page, payer);
  await page.getByRole('button', { name: /^Pay\b/ }).click();
  await expect(page).toHaveURL(/\/checkout\/success\?order=/, { timeout: PAYMENT_TIMEOUT });
  const orderNumber = page.getByRole('main').getByText(ORDER_NUMBER);
  await expect(orderNumber).toBeVisible();
  const text = (await orderNumber.textContent())?.trim() ?? '';
  expect(text).toMatch(ORDER_NUMBER);
  expect(page.url()).toContain(encodeURIComponent(text));
  return text;
}

/**
 * Waits for the success page to say "Paid": with JavaScript the page polls by itself; without it
 * the shopper follows the "Refresh" link while the payment is being confirmed.
 */
export async function expectPaid(page: Page, javaScriptEnabled: boolean): Promise<void> {
  const thanks = page.getByRole('heading', { name: 'Thank you for your order', level: 1 });
  if (javaScriptEnabled) {
    await expect(thanks).toBeVisible({ timeout: PAYMENT_TIMEOUT });
  } else {
    await expect(async () => {
      const refresh = page.getByRole('link', { name: 'Refresh' });
      if (await refresh.isVisible()) await refresh.click();
      await expect(thanks).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
  }
  await expect(page.getByRole('main').getByText('Paid', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Refresh' })).toHaveCount(0);
}

/** Finds the order confirmation in the dev mailbox (filtered by recipient) and opens it. */
export async function openConfirmationEmail(page: Page, email: string, orderNumber: string): Promise<void> {
  const subject = `Your Atelier order ${orderNumber} is confirmed`;
  await expect(async () => {
    await page.goto('/dev/mailbox');
    await page.getByLabel('Recipient').fill(email);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/[?&]to=/);
    await expect(page.getByRole('link', { name: subject })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
  // One confirmation (other emails, such as "your files are ready", may be there too).
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: subject })).toHaveCount(1);
  await page.getByRole('link', { name: subject }).click();
  await expect(page.getByRole('heading', { name: subject, level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText(`To ${email}`)).toBeVisible();
  const body = page.getByTitle('Email preview').contentFrame();
  await expect(body.locator('body')).toContainText(orderNumber);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ------------------------------------------------------------------------------------------------
// Dev mailbox and sign-in

/** Opens the newest email with this subject to this address in the dev mailbox. */
export async function openEmail(page: Page, to: string, subject: string): Promise<void> {
  const link = page.getByRole('main').getByRole('link', { name: subject, exact: true }).first();
  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    await expect(link).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [500, 1_000] });
  await link.click(); // the mailbox lists the newest first
  await expect(page.getByRole('heading', { name: subject, level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText(`To ${to}`)).toBeVisible();
}

/** The address of a link in the open email, found by its text. */
export async function linkInEmail(page: Page, name: string): Promise<string> {
  const link = page.getByTitle('Email preview').contentFrame().getByRole('link', { name, exact: true });
  const href = await link.getAttribute('href');
  expect(href, `the email has a "${name}" link`).toBeTruthy();
  return href!;
}

/** Follows the "Sign in" link of the newest sign-in email and presses the verify page's button. */
export async function signInFromEmail(page: Page, email: string, subject = 'Your Atelier sign-in link'): Promise<void> {
  await openEmail(page, email, subject);
  await page.goto(await linkInEmail(page, 'Sign in'));
  await expect(page.getByRole('heading', { name: 'Sign in to Atelier', level: 1 })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
}

/** Asks for a sign-in link on the page /login is showing. */
export async function askForLink(page: Page, email?: string): Promise<void> {
  if (email) await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox', level: 1 })).toBeVisible();
}
