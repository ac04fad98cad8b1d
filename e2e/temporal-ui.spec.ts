// Ops find an order's checkout workflow in the Temporal UI by its order number, through the
// OrderNumber search attribute: from a link with a visibility query and by typing the query.
import { addPlainProduct, checkOut, emailFor, expect, expectPaid, pay, PAYMENT_TIMEOUT, test } from './fixtures';
import type { Page } from '@playwright/test';

test.describe('Temporal UI', () => {
  let orderNumber = '';

  test.beforeEach(async ({ page, unique }) => {
    await addPlainProduct(page, 'stoneware-mug');
    await checkOut(page);
    orderNumber = await pay(page, {
      email: emailFor(unique),
      name: 'Ops Tester',
      address: { line1: '1 Dock Road', city: 'Cork', postalCode: 'T12 A1B2', country: 'IE' },
    });
    await expectPaid(page, true);
  });

  /** The list's row for the order's checkout workflow (visibility is eventually consistent: reload until it shows). */
  async function expectWorkflowRow(page: Page, workflowId: string) {
    const table = page.getByRole('table', { name: 'Workflows' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: workflowId, exact: true }) });
    await expect(async () => {
      if (!(await row.isVisible())) await page.reload();
      await expect(row).toBeVisible({ timeout: 3_000 });
      await expect(row.getByRole('cell', { name: 'Completed', exact: true })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: PAYMENT_TIMEOUT, intervals: [1_000] });
    await expect(row.getByRole('cell', { name: 'checkout', exact: true })).toBeVisible();
    return row;
  }

  test('finds the checkout workflow by OrderNumber and shows it completed', async ({ page, temporalUiUrl }) => {
    const workflowId = `checkout-${orderNumber}`;
    const query = `OrderNumber="${orderNumber}"`;

    // 1. A link with the visibility query, as the admin's "open in Temporal" links are.
    await page.goto(`${temporalUiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    await expect(page.getByRole('button', { name: `OrderNumber = "${orderNumber}"` })).toBeVisible();
    await expectWorkflowRow(page, workflowId);

    // 2. Typed into the UI's raw query box.
    await page.goto(`${temporalUiUrl}/namespaces/default/workflows`);
    // The "</>" toggle has no accessible name in this UI version; its test id is the only handle.
    await page.getByTestId('toggle-manual-query').click();
    const search = page.getByRole('searchbox', { name: 'Enter a query' });
    await search.fill(query);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/[?&]query=/);
    const row = await expectWorkflowRow(page, workflowId);

    // 3. Open it: its page shows the id, Completed, and the order's search attributes.
    await row.getByRole('link', { name: workflowId, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/workflows/${workflowId}/`));
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: workflowId, level: 1 })).toBeVisible();
    await expect(main.getByText('Completed', { exact: true }).first()).toBeVisible();
    await expect(main.getByLabel('workflow details').getByRole('link', { name: 'commerce', exact: true })).toBeVisible();
    await main.getByRole('tab', { name: 'Search Attributes' }).click();
    await expect(main).toContainText('OrderNumber');
    await expect(main).toContainText(orderNumber);
  });
});
