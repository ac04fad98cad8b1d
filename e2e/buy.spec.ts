// Buying in local payment mode, with JavaScript on (project "js") and off (project "nojs"):
// product page → personalise → cart → checkout workflow → local payment page → paid → email.
import {
  addToCart,
  cartLine,
  checkOut,
  chooseOption,
  emailFor,
  expect,
  expectCartCheckedOut,
  expectCartCount,
  expectPaid,
  fillPersonalisation,
  openConfirmationEmail,
  pay,
  personaliseWithPreview,
  preview,
  summaryValue,
  test,
} from './fixtures';

test.describe('buying', () => {
  test('a personalised physical poster, shipped', async ({ page, javaScriptEnabled, unique }) => {
    const title = `Our night ${unique}`;
    const email = emailFor(unique);

    await page.goto('/');
    await page.getByRole('link', { name: 'Night Sky Poster', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Night Sky Poster', level: 1 })).toBeVisible();

    await chooseOption(page, /^A3 poster/);
    await personaliseWithPreview(
      page,
      { title, subtitle: 'Ten years on', place: 'Galway, Ireland', date: '2016-08-21', theme: 'Forest' },
      javaScriptEnabled,
    );
    await expect(page.getByRole('radio', { name: /^A3 poster/ })).toBeChecked();
    await addToCart(page);

    await expect(page.getByRole('status')).toHaveText('Added to your cart.');
    const line = cartLine(page, 'Night Sky Poster');
    await expect(line).toHaveCount(1);
    await expect(line).toContainText('A3 poster');
    await expect(line).toContainText(title);
    await expect(line).toContainText('Galway, Ireland');
    await expect(line).toContainText('21 August 2016');
    await expect(line.getByLabel('Quantity')).toHaveValue('1');
    await expect(summaryValue(page, 'Subtotal')).toHaveText('€45.00');
    await expect(summaryValue(page, 'Shipping')).toHaveText('€9.99');
    await expect(summaryValue(page, 'Total')).toHaveText('€54.99');
    await expectCartCount(page, 1);

    await checkOut(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('€54.99');
    await expect(page.getByRole('main')).toContainText(title);
    const orderNumber = await pay(page, {
      email,
      name: 'Aoife Byrne',
      address: { line1: '12 Quay Street', city: 'Galway', postalCode: 'H91 X2Y3', country: 'IE' },
    });
    await expectPaid(page, javaScriptEnabled);
    await expect(page.getByRole('main')).toContainText('We will email you when it ships.');
    await expect(page.getByRole('main')).toContainText('Total: €54.99');
    await expectCartCheckedOut(page, javaScriptEnabled);

    await openConfirmationEmail(page, email, orderNumber);
  });

  test('a personalised digital print', async ({ page, javaScriptEnabled, unique }) => {
    const title = `Digital ${unique}`;
    const email = emailFor(unique);

    await page.goto('/products/night-sky-print-digital');
    await expect(page.getByRole('heading', { name: 'Night Sky Print — Digital Download', level: 1 })).toBeVisible();
    await personaliseWithPreview(page, { title, place: 'Kyoto, Japan', date: '2023-11-03', theme: 'Blush' }, javaScriptEnabled);
    await addToCart(page);

    const line = cartLine(page, 'Night Sky Print — Digital Download');
    await expect(line).toHaveCount(1);
    await expect(line).toContainText('A4 digital files');
    await expect(line).toContainText(title);
    // Files only: nothing to ship.
    await expect(summaryValue(page, 'Shipping')).toHaveCount(0);
    await expect(summaryValue(page, 'Total')).toHaveText('€15.00');

    await checkOut(page);
    await expect(page.getByRole('group', { name: 'Shipping address' })).toHaveCount(0);
    const orderNumber = await pay(page, { email, name: 'Kenji Sato' });
    await expectPaid(page, javaScriptEnabled);
    await expect(page.getByRole('main')).toContainText('We will email you when your files are ready.');
    await expectCartCheckedOut(page, javaScriptEnabled);

    await openConfirmationEmail(page, email, orderNumber);
  });
});

// The plain-HTML paths: the "js" project leaves out tests tagged @nojs-only (see the config).
test.describe('personalisation without JavaScript', { tag: '@nojs-only' }, () => {
  test('an empty title is refused next to the field, keeping what was typed', async ({ page }) => {
    await page.goto('/products/night-sky-poster');
    await fillPersonalisation(page, { title: '', subtitle: 'Kept subtitle', place: 'Porto, Portugal', date: '2020-02-29', theme: 'Mono' });
    await page.getByRole('button', { name: 'Add to cart' }).click();

    const titleField = page.getByLabel('Title', { exact: true });
    await expect(titleField).toHaveAttribute('aria-invalid', 'true');
    await expect(titleField).toHaveAccessibleDescription('Title is required');
    await expect(titleField).toHaveValue('');
    await expect(page.getByLabel('Subtitle', { exact: true })).toHaveValue('Kept subtitle');
    await expect(page.getByLabel('Place', { exact: true })).toHaveValue('Porto, Portugal');
    await expect(page.getByLabel('Date', { exact: true })).toHaveValue('2020-02-29');
    await expect(page.getByRole('radio', { name: 'Mono', exact: true })).toBeChecked();
    await expect(page.getByLabel('Place', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    await expectCartCount(page, 0);
  });

  test('a title over 40 characters is refused next to the field, keeping what was typed', async ({ page }) => {
    const long = 'A'.repeat(20) + ' ' + 'b'.repeat(20); // 41 characters
    await page.goto('/products/night-sky-print-digital');
    await fillPersonalisation(page, { title: long, place: 'Oslo, Norway', date: '2019-12-31', theme: 'Sand' });
    await page.getByRole('button', { name: 'Add to cart' }).click();

    const titleField = page.getByLabel('Title', { exact: true });
    await expect(titleField).toHaveAccessibleDescription('Title must be at most 40 characters');
    await expect(titleField).toHaveValue(long);
    await expect(page.getByLabel('Place', { exact: true })).toHaveValue('Oslo, Norway');
    await expect(page.getByRole('radio', { name: 'Sand', exact: true })).toBeChecked();
    await expectCartCount(page, 0);

    // Fixing it is enough to go on.
    await titleField.fill('Forty characters or fewer');
    await addToCart(page);
    await expect(cartLine(page, 'Night Sky Print — Digital Download')).toContainText('Forty characters or fewer');
  });

  test('"Update preview" redraws the preview with a plain GET', async ({ page, unique }) => {
    const title = `Preview ${unique}`;
    await page.goto('/products/night-sky-poster');
    await expect(preview(page)).not.toContainText(title);
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Place', { exact: true }).fill('Reykjavik, Iceland');
    // Without JavaScript nothing changes until the form is sent.
    await expect(preview(page)).not.toContainText(title);
    await page.getByRole('button', { name: 'Update preview' }).click();

    await expect(page).toHaveURL(new RegExp(`[?&]title=${encodeURIComponent(title).replace(/%20/g, '(\\+|%20)')}`));
    await expect(preview(page)).toContainText(title);
    await expect(preview(page)).toContainText(/Reykjavik, Iceland/i);
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue(title);
    await expectCartCount(page, 0);

    // An empty title in the preview request is pointed out too.
    await page.getByLabel('Title', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Update preview' }).click();
    await expect(page.getByLabel('Title', { exact: true })).toHaveAccessibleDescription('Title is required');
    await expect(page.getByLabel('Place', { exact: true })).toHaveValue('Reykjavik, Iceland');
  });
});
