// A print order the provider refused, with JavaScript on (project "js") and off (project "nojs"): a customer buys a
// 50×70 cm poster (made by the print provider: the local stand-in in these tests) to an address the provider rejects;
// the admin finds it needing attention, corrects the address (a mistake refused by its field, what was typed kept)
// and resubmits; the provider accepts the second print order.
import {
  addToCart,
  askForLink,
  checkOut,
  chooseOption,
  emailFor,
  expect,
  expectPaid,
  fillPersonalisation,
  pay,
  signInFromEmail,
  test,
} from './fixtures';

// Its own client address, so the sign-in link limits of other specs (127.0.0.1) are not shared.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 200) + 10}` } });

test('the admin corrects an address the print provider rejected and resubmits the print order', async ({
  page,
  javaScriptEnabled,
  unique,
}) => {
  await page.goto('/products/night-sky-poster');
  await chooseOption(page, /^50×70 cm poster/);
  await fillPersonalisation(page, { title: `Print ${unique}`, place: 'Galway, Ireland', date: '2021-03-03', theme: 'Forest' });
  await addToCart(page);
  await checkOut(page);
  const orderNumber = await pay(page, {
    email: emailFor(unique),
    name: 'Rita Rowan',
    address: { line1: 'Reject Lane 4', city: 'Galway', postalCode: 'H91 X2Y3', country: 'IE' },
  });
  await expectPaid(page, javaScriptEnabled);

  await page.context().clearCookies();
  await page.goto(`/login?redirectTo=/admin/orders/${orderNumber}`);
  await askForLink(page, 'admin@example.com');
  await signInFromEmail(page, 'admin@example.com');
  await expect(page.getByRole('heading', { name: new RegExp(`Order ${orderNumber}`), level: 1 })).toBeVisible();

  // The provider refuses the address; the order page says why and offers the corrected address form.
  const resubmit = page.getByRole('form', { name: 'Correct the address and resubmit' });
  await expect(async () => {
    await page.reload();
    await expect(resubmit).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('main')).toContainText(/Shipping address rejected/);
  await expect(resubmit.getByLabel('Address', { exact: true })).toHaveValue('Reject Lane 4');

  // A country that is not a two-letter code is refused by its field, what was typed kept.
  await resubmit.getByLabel('Address', { exact: true }).fill('4 Quay Street');
  await resubmit.getByLabel('Country code').fill('1E');
  await resubmit.getByLabel('What was corrected (for the order’s timeline)').fill('The customer wrote the right street');
  await resubmit.getByRole('button', { name: 'Resubmit to the provider' }).click();
  await expect(resubmit.getByLabel('Country code')).toHaveAccessibleDescription(/two-letter code/);
  await expect(resubmit.getByLabel('Address', { exact: true })).toHaveValue('4 Quay Street');

  await resubmit.getByLabel('Country code').fill('IE');
  await resubmit.getByRole('button', { name: 'Resubmit to the provider' }).click();
  await expect(page.getByRole('status')).toContainText('Resubmitting as print order 2');

  // The second print order reaches the provider; nothing needs attention any more.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('main')).toContainText(`${orderNumber}-print-2`, { timeout: 1000 });
    await expect(page.getByRole('main')).toContainText('Accepted by the printer', { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('form', { name: 'Correct the address and resubmit' })).toHaveCount(0);
});
