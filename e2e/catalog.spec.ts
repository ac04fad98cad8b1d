// The admin's catalog, with JavaScript on (project "js") and off (project "nojs"): the admin creates a product
// (refused on sale before it has an option), adds an option with its price, weight and tax category, uploads a photo (a
// renamed text file is refused by the field first), puts it on sale and counts 3 on the shelf; a customer sees
// the photo, buys one (2 left on the shelf); the admin refunds it with "back in stock" (3 again).
import sharp from 'sharp';
import { askForLink, checkOut, chooseOption, emailFor, expect, expectPaid, pay, signInFromEmail, test } from './fixtures';
import { countShelf, expectLevels, refundBackToStock } from './stock-steps';

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 200) + 10}` } });

test.describe('catalog', () => {
  test('create a product, add an option and a photo, put it on sale; a customer buys it; a refund puts it back in stock', async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
    unique,
  }) => {
    const title = `Linen Napkin ${unique}`;
    const sku = `NAP-${unique.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    const item = `${title} — Natural`;

    await page.goto('/login?redirectTo=/admin');
    await askForLink(page, 'admin@example.com');
    await signInFromEmail(page, 'admin@example.com');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Products' }).click();
    await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Products' })).toContainText('Stoneware Mug');
    await page.getByRole('link', { name: 'New product' }).click();

    // On sale with no option yet: refused by the status, what was typed kept.
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Description', { exact: true }).fill('Stonewashed linen, hemmed by hand.');
    await page.getByRole('radio', { name: 'Plain goods' }).check();
    await page.getByLabel('On sale', { exact: true }).check();
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.getByRole('group', { name: 'Status' })).toContainText('Add at least one option');
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue(title);

    await page.getByLabel('Draft (not in the shop)').check();
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Product created as a draft');

    // The option, with its price and weight.
    const add = page.locator('form#variant-new');
    await add.getByLabel('SKU').fill(sku);
    await add.getByLabel('Option name').fill('Natural');
    await add.getByLabel('Physical', { exact: true }).check();
    await add.getByLabel('Price', { exact: true }).fill('18.00');
    await add.getByLabel('Weight in grams').fill('80');
    await add.getByLabel('Tax category').selectOption({ label: 'General goods' });
    await add.getByRole('button', { name: 'Add option' }).click();
    await expect(page.getByRole('status')).toContainText(`Option ${sku} added`);
    await expect(page.locator(`details[data-sku="${sku}"] > summary`)).toContainText('General goods');

    // A photo: a text file named .png is refused by the field; a real picture is kept.
    await page.getByRole('link', { name: /^Photos/ }).click();
    await page.getByLabel('What it shows (for people who cannot see it)').fill('A folded linen napkin');
    await page
      .getByLabel('Photo', { exact: true })
      .setInputFiles({ name: 'napkin.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    await page.getByRole('button', { name: 'Upload photo' }).click();
    await expect(page.getByLabel('Photo', { exact: true })).toHaveAccessibleDescription(/not a PNG, JPEG or WebP picture/);
    await expect(page.getByLabel('What it shows (for people who cannot see it)')).toHaveValue('A folded linen napkin');
    const png = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#d9cbb0' } })
      .png()
      .toBuffer();
    await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'napkin.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload photo' }).click();
    await expect(page.getByRole('status')).toContainText('Photo added');
    await expect(page.getByRole('img', { name: 'A folded linen napkin' })).toBeVisible();

    // On sale now.
    await page.getByRole('link', { name: `← ${title}` }).click();
    await page.getByLabel('On sale', { exact: true }).check();
    await page.getByRole('button', { name: 'Save product' }).click();
    await expect(page.getByRole('status')).toContainText('Product saved');
    const slug = (await page.getByRole('link', { name: /^\/products\// }).textContent())!.replace('/products/', '');

    // Three on the shelf.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Stock' }).click();
    await countShelf(page, item, sku, 3, `First delivery ${unique}`);

    const customer = await browser.newContext({ baseURL, javaScriptEnabled });
    try {
      const shopper = await customer.newPage();
      await shopper.goto(`/products/${slug}`);
      await expect(shopper.getByRole('heading', { name: title, level: 1 })).toBeVisible();
      await expect(shopper.getByRole('img', { name: 'A folded linen napkin' }).first()).toBeVisible();
      await expect(shopper.getByRole('img', { name: 'A folded linen napkin' }).first()).toHaveJSProperty('complete', true);
      await chooseOption(shopper, /^Natural/);
      await shopper.getByRole('button', { name: 'Add to cart' }).click();
      await expect(shopper).toHaveURL(/\/cart(\?|$)/);
      await checkOut(shopper);
      const orderNumber = await pay(shopper, {
        email: emailFor(unique),
        name: 'Nora Napkin',
        address: { line1: '3 Shop Street', city: 'Galway', postalCode: 'H91', country: 'IE' },
      });
      await expectPaid(shopper, javaScriptEnabled);
      await expectLevels(page, sku, { onHand: 2, reserved: 0, available: 2 });

      await refundBackToStock(page, orderNumber, item, '€18.00');
      await expectLevels(page, sku, { onHand: 3, reserved: 0, available: 3 });
    } finally {
      await customer.close();
    }
  });
});
