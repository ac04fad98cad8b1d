// VAT at checkout in local payment mode, with prices entered excluding VAT (TAX_BEHAVIOR=exclusive, so the total
// changes with the country): the payment page shows the VAT for the seller's country until the payer chooses one,
// "Update VAT" shows it for another country without JavaScript, and the payment fixes it on the session, the order
// and its lines. Figures worked by hand (core/tax-rates.ts):
//
//   A4 digital files  15.00  digital goods   DE 19 % → 2.85   IE 23 % → 3.45
//   A3 poster         45.00  printed matter  DE  7 % → 3.15   IE  0 % → 0.00
//   shipping           9.99  standard rate   DE 19 % → 1.8981 → 1.90   IE 23 % → 2.2977 → 2.30
//   VAT                                      DE 7.90, total 77.89      IE 5.75, total 75.74
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { checkoutWorkflowId } from '#workflows/messages.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, errorByField, formControl, personalisation, waitFor } from './http.ts';
import { recordHistory } from './record-history.ts';
import { Visitor, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;

before(async () => {
  stack = await startStack({ name: 'tax-checkout', payments: 'local', group: new ProcessGroup(), env: { TAX_BEHAVIOR: 'exclusive' } });
  db = database(stack.databaseUrl);
  // The categories the figures above assume, whatever the seed chose.
  await db.query(
    "update product_variants set tax_category = case when format = 'digital' then 'digital' else 'printed_matter' end where sku like 'NSP-%'",
  );
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

/** The page's HTML without React's text separators (`<!-- -->`), so text reads as a person sees it. */
const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

/** The amount in the summary row labelled `label` ("VAT (Germany, 19 %)", "Total (incl. VAT)"). */
function row(page: string, label: string): string | null {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<dt[^>]*>${escaped}</dt><dd[^>]*>(?:−)?<span class="price">([^<]+)</span>`).exec(page)?.[1] ?? null;
}

const payAmount = (page: string) => /data-testid="pay-amount"><span class="price">([^<]+)</.exec(page)?.[1] ?? null;

async function variantId(sku: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  return rows[0]!.id;
}

async function buyerAtPaymentPage(items: Array<{ product: string; sku: string }>) {
  const buyer = new Visitor(stack.baseUrl);
  for (const { product, sku } of items) {
    const add = await buyer.postAs(`/products/${product}?index`, { variantId: await variantId(sku), quantity: 1, ...personalisation });
    assert.equal(add.status, 303);
  }
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303, await html(checkout));
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [
    payPath.split('/').pop(),
  ]);
  return { buyer, payPath, orderNumber: rows[0]!.order_number };
}

async function paidOrder(orderNumber: string) {
  return waitFor(`${orderNumber} paid`, async () => {
    const { rows } = await db.query<Record<string, unknown>>("select * from orders where order_number = $1 and status = 'paid'", [
      orderNumber,
    ]);
    return rows[0];
  });
}

const FILE = { product: 'night-sky-print-digital', sku: 'NSP-DIG-A4' };
const POSTER = { product: 'night-sky-poster', sku: 'NSP-PHY-A3' };

describe('VAT on the local payment page (prices excluding VAT)', () => {
  test('a file and a poster to Germany: estimated for Ireland, updated for Germany without JavaScript, fixed when paid', async () => {
    const { buyer, payPath, orderNumber } = await buyerAtPaymentPage([FILE, POSTER]);

    const first = await html(await buyer.getAs(payPath));
    assert.match(first, /Estimated for Ireland until you choose a country/);
    assert.equal(row(first, 'VAT (Ireland, 23 %)'), '€5.75', '3.45 on the file + 2.30 on shipping');
    assert.equal(row(first, 'VAT (Ireland, 0 %)'), '€0.00', 'printed matter is zero-rated in Ireland');
    assert.equal(row(first, 'Total (incl. VAT)'), '€75.74');
    assert.equal(payAmount(first), '€75.74');

    const address = { line1: 'Hauptstrasse 5', city: 'Berlin', postal_code: '10115', country: 'DE' };
    const email = `grete-${unique()}@example.com`;
    const updated = await buyer.postAs(payPath, { intent: 'update-country', email, name: 'Grete Weber', ...address });
    assert.equal(updated.status, 200);
    const page = await html(updated);
    assert.doesNotMatch(page, /Estimated for/);
    assert.equal(row(page, 'Subtotal (excl. VAT)'), '€60.00');
    assert.equal(row(page, 'VAT (Germany, 19 %)'), '€4.75', '2.85 on the file + 1.90 on shipping');
    assert.equal(row(page, 'VAT (Germany, 7 %)'), '€3.15', 'on the poster');
    assert.equal(row(page, 'Total (incl. VAT)'), '€77.89');
    assert.equal(payAmount(page), '€77.89', 'the heading shows what Pay charges');
    assert.match(page, /Pay <span class="price">€77\.89<\/span>/);
    assert.match(page, /€15\.00<\/span><span class="muted"> \(VAT 19 %\)/, 'each line shows its rate');
    assert.match(page, /€45\.00<\/span><span class="muted"> \(VAT 7 %\)/);
    // Every typed field is kept, the country chosen.
    assert.match(formControl(page, 'email') ?? '', new RegExp(`value="${email}"`));
    assert.match(formControl(page, 'line1') ?? '', /value="Hauptstrasse 5"/);
    assert.match(page, /<option value="DE" selected="">/);

    // Bad input keeps what was typed, says what is wrong by the field, and still shows Germany's VAT.
    const bad = await buyer.postAs(payPath, { intent: 'pay', email, name: 'Grete Weber', ...address, city: '' });
    assert.equal(bad.status, 400);
    const badPage = await html(bad);
    assert.equal(errorByField(badPage, 'city'), 'Enter the city');
    assert.equal(payAmount(badPage), '€77.89');

    const paid = await buyer.postAs(payPath, { intent: 'pay', email, name: 'Grete Weber', ...address });
    assert.equal(paid.status, 303, await html(paid));
    const order = await paidOrder(orderNumber);
    assert.deepEqual(
      [order.subtotal, order.shipping, order.tax, order.total, order.tax_country, order.tax_behavior],
      [6000, 999, 790, 7789, 'DE', 'exclusive'],
    );
    const { rows: sessions } = await db.query<{ tax: { country: string; tax: number; gross: number; shipping: { tax: number } } }>(
      'select tax from local_checkout_sessions where order_number = $1',
      [orderNumber],
    );
    const fixed = sessions[0]!.tax;
    assert.deepEqual([fixed.country, fixed.tax, fixed.gross, fixed.shipping.tax], ['DE', 790, 7789, 190], 'the breakdown fixed at payment');

    // The checkout records each line's VAT from that breakdown once the order is paid.
    const items = await waitFor('the VAT per line', async () => {
      const { rows } = await db.query<{
        sku: string;
        tax_category: string;
        tax_rate: number | null;
        tax_amount: number;
        net_amount: number;
      }>(
        `select i.sku, i.tax_category, i.tax_rate, i.tax_amount, i.net_amount, i.discount_amount
           from order_items i join orders o on o.id = i.order_id where o.order_number = $1 order by i.sku`,
        [orderNumber],
      );
      return rows.every((r) => r.tax_rate != null) ? rows : null;
    });
    assert.deepEqual(items, [
      { sku: 'NSP-DIG-A4', tax_category: 'digital', tax_rate: 1900, tax_amount: 285, net_amount: 1500, discount_amount: 0 },
      { sku: 'NSP-PHY-A3', tax_category: 'printed_matter', tax_rate: 700, tax_amount: 315, net_amount: 4500, discount_amount: 0 },
    ]);
    const { rows: shipping } = await db.query('select shipping_tax, shipping_tax_rate from orders where order_number = $1', [orderNumber]);
    assert.deepEqual(shipping[0], { shipping_tax: 190, shipping_tax_rate: 1900 });

    // Then the invoice, from those figures: net 69.99 (60.00 + 9.99), VAT 7.90 at two rates, 77.89.
    const invoice = await waitFor('the invoice with its PDF', async () => {
      const { rows } = await db.query<{ number: string; net: number; tax: number; gross: number; rates: unknown; pdf_key: string | null }>(
        `select i.number, i.net, i.tax, i.gross, i.rates, i.pdf_key from invoices i join orders o on o.id = i.order_id
          where o.order_number = $1 and i.kind = 'invoice'`,
        [orderNumber],
      );
      return rows[0]?.pdf_key ? rows[0] : null;
    });
    assert.match(invoice.number, /^INV-\d{4}-\d{6}$/);
    assert.deepEqual([invoice.net, invoice.tax, invoice.gross], [6999, 790, 7789]);
    assert.deepEqual(invoice.rates, [
      { rate: 1900, net: 2499, tax: 475, gross: 2974 },
      { rate: 700, net: 4500, tax: 315, gross: 4815 },
    ]);
    // For the replay test: a paid checkout recording its VAT and issuing its invoice (patch 'tax-and-invoice').
    await recordHistory(stack.temporal.address, checkoutWorkflowId(orderNumber), 'checkout-paid-invoiced.json');
  });

  test('files only: the billing country is required and decides the VAT', async () => {
    const { buyer, payPath, orderNumber } = await buyerAtPaymentPage([FILE]);
    const email = `files-${unique()}@example.com`;
    const page = await html(await buyer.getAs(payPath));
    assert.ok(formControl(page, 'country'), 'a country select without a shipping address');

    const missing = await buyer.postAs(payPath, { intent: 'pay', email, name: 'Marie Curie' });
    assert.equal(missing.status, 400);
    const missingPage = await html(missing);
    assert.equal(errorByField(missingPage, 'country'), 'Choose a country');
    assert.match(formControl(missingPage, 'email') ?? '', new RegExp(`value="${email}"`));

    // France: 20 % on digital goods, 15.00 + 3.00.
    const paid = await buyer.postAs(payPath, { intent: 'pay', email, name: 'Marie Curie', country: 'FR' });
    assert.equal(paid.status, 303, await html(paid));
    const order = await paidOrder(orderNumber);
    assert.deepEqual([order.tax, order.total, order.tax_country, order.shipping_address], [300, 1800, 'FR', null]);
  });
});
