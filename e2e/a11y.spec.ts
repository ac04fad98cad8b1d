// axe-core on the main pages: no violations of impact "serious" or "critical".
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { addPlainProduct, checkOut, expect, test } from './fixtures';

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious
    .map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`,
    )
    .join('\n');
  expect(serious, `${what}: serious or critical accessibility violations\n${report}`).toEqual([]);
}

test.describe('accessibility', () => {
  test('catalog', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, 'catalog');
  });

  test('product page, also with a field error', async ({ page }) => {
    await page.goto('/products/night-sky-poster');
    await expect(page.getByRole('heading', { name: 'Night Sky Poster', level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, 'product page');
    await page.getByLabel('Title', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByLabel('Title', { exact: true })).toHaveAccessibleDescription('Title is required');
    await expectNoSeriousViolations(page, 'product page with an error');
  });

  test('cart with an item', async ({ page }) => {
    await page.goto('/products/night-sky-print-digital');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await addPlainProduct(page, 'oak-frame');
    await expect(page.getByRole('region', { name: 'Order summary' })).toBeVisible();
    await expectNoSeriousViolations(page, 'cart');
  });

  test('local payment page', async ({ page }) => {
    await addPlainProduct(page, 'canvas-tote');
    await checkOut(page);
    await expectNoSeriousViolations(page, 'payment page');
  });
});
