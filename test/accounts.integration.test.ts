// Accounts against the whole running shop: magic links, sessions, roles, blocked accounts, origin
// checks, cart merge at sign-in and guest orders joining their account after payment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, latestToken, requestLink, signIn, unique } from './sign-in.ts';
import { completedSession, sendWebhook, signedEvent } from './stripe-events.ts';

let stack: Stack;
let db: pg.Pool;

before(async () => {
  stack = await startStack({ name: 'accounts', payments: 'mock', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

async function variantId(sku: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  return rows[0]!.id;
}

async function addToCart(v: Visitor, sku: string, quantity: number) {
  const res = await v.postAs('/products/night-sky-poster?index', { variantId: await variantId(sku), quantity, ...personalisation });
  assert.equal(res.status, 303);
}

describe('sign-in links', () => {
  test('the answer is the same for a known and an unknown address', async () => {
    const v = new Visitor(stack.baseUrl);
    const known = await requestLink(v, 'admin@example.com');
    const unknownEmail = `nobody-${unique()}@example.com`;
    const unknown = await requestLink(v, unknownEmail);
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    const strip = (html: string, email: string) => html.replaceAll(email, 'EMAIL').replace(/<script[\s\S]*?<\/script>/g, '');
    assert.equal(strip(await known.text(), 'admin@example.com'), strip(await unknown.text(), unknownEmail));
  });

  test('a token is stored hashed, works once, and lands on the page the person came from', async () => {
    const v = new Visitor(stack.baseUrl);
    const email = `once-${unique()}@example.com`;
    await requestLink(v, email, '/cart');
    const token = await latestToken(db, email);
    const { rows } = await db.query<{ token_hash: string }>('select token_hash from login_tokens where email = $1', [email]);
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!.token_hash, token, 'never the token itself');
    assert.equal(rows[0]!.token_hash, createHash('sha256').update(token).digest('hex'));

    // Opening the link (GET) changes nothing: mail scanners fetch links.
    const page = await v.get(`/auth/verify?token=${token}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Sign in to Atelier/);

    const first = await v.postAs('/auth/verify', { token });
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/cart');
    assert.ok(v.cookie(/atelier_session/), 'a session cookie is set');
    const cookie = first.headers.getSetCookie().find((c) => c.includes('atelier_session'))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);

    const again = await new Visitor(stack.baseUrl).postAs('/auth/verify', { token });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /already been used/);
  });

  test('expired and unknown tokens get a clear page with a way to ask for a new link', async () => {
    const v = new Visitor(stack.baseUrl);
    const email = `late-${unique()}@example.com`;
    await requestLink(v, email);
    const token = await latestToken(db, email);
    await db.query("update login_tokens set expires_at = now() - interval '1 second' where email = $1", [email]);
    const expired = await v.postAs('/auth/verify', { token });
    assert.equal(expired.status, 400);
    const html = await expired.text();
    assert.match(html, /expired/);
    assert.match(html, /href="\/login"/);

    const unknown = await v.postAs('/auth/verify', { token: 'A'.repeat(43) });
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /not valid/);
  });

  test('redirects go only to local paths', async () => {
    for (const evil of ['https://evil.example/x', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const v = new Visitor(stack.baseUrl);
      const res = await signIn(db, v, `redir-${unique()}@example.com`, evil);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/account', `${evil} is not followed`);
    }
  });

  test('link requests are rate limited per address from one client and per client, with a clear message', async () => {
    const email = `limited-${unique()}@example.com`;
    const client = new Visitor(stack.baseUrl);
    for (let i = 0; i < 5; i++) assert.equal((await requestLink(client, email)).status, 200);
    const sixth = await requestLink(client, email);
    assert.equal(sixth.status, 429);
    assert.match(await sixth.text(), /Too many sign-in links were asked for this address/);
    // The same address from another device still gets its link.
    assert.equal((await requestLink(new Visitor(stack.baseUrl), email)).status, 200);

    const v = new Visitor(stack.baseUrl);
    for (let i = 0; i < 20; i++) assert.equal((await requestLink(v, `ip-${i}-${unique()}@example.com`)).status, 200);
    const over = await requestLink(v, `ip-over-${unique()}@example.com`);
    assert.equal(over.status, 429);
    assert.match(await over.text(), /from your network/);
  });

  test("nobody can lock an owner out: made-up lookups and others' link requests for their address do not use up their sign-in", async () => {
    const victim = `victim-${unique()}@example.com`;
    const attacker = new Visitor(stack.baseUrl);
    for (let n = 1; n <= 5; n++) {
      const res = await attacker.postAs('/orders/lookup', { orderNumber: `ATL-2026-0000000${n}`, email: victim });
      assert.equal(res.status, 200, `lookup ${n} is answered like any other`);
    }
    const sixthLookup = await attacker.postAs('/orders/lookup', { orderNumber: 'ATL-2026-00000006', email: victim });
    assert.equal(sixthLookup.status, 429, 'lookups have their own allowance');
    assert.match(await sixthLookup.text(), /Too many lookups for this address/);
    // The attacker's own sign-in links for the address are limited too, from the attacker's client only.
    for (let i = 0; i < 5; i++) await requestLink(attacker, victim);
    assert.equal((await requestLink(attacker, victim)).status, 429);
    // The owner, from their own device, signs in.
    const owner = new Visitor(stack.baseUrl);
    const res = await signIn(db, owner, victim);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/account');
  });
});

describe('sessions and roles', () => {
  test('signing out ends the session on the server: the old cookie no longer works', async () => {
    const v = new Visitor(stack.baseUrl);
    await signIn(db, v, `out-${unique()}@example.com`);
    const oldCookie = v.cookie(/atelier_session/)!;
    assert.equal((await v.get('/account')).status, 200);
    assert.equal((await v.postAs('/logout', {})).status, 303);
    const replay = new Visitor(stack.baseUrl);
    replay.setCookie('atelier_session', oldCookie);
    const res = await replay.get('/account');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/login?redirectTo=%2Faccount');
  });

  test('a revoked session (e.g. by an admin) is refused; a new sign-in gets a fresh session id', async () => {
    const v = new Visitor(stack.baseUrl);
    const email = `revoke-${unique()}@example.com`;
    await signIn(db, v, email);
    const first = v.cookie(/atelier_session/);
    await signIn(db, v, email);
    assert.notEqual(v.cookie(/atelier_session/), first, 'a fresh session at every sign-in');
    await db.query('update sessions set revoked_at = now() where user_id = (select id from users where email = $1)', [email]);
    assert.equal((await v.get('/account')).status, 302);
  });

  test('admin pages: anonymous → sign in and back, customer → 403, admin → 200', async () => {
    const anon = await new Visitor(stack.baseUrl).get('/admin');
    assert.equal(anon.status, 302);
    assert.equal(anon.headers.get('location'), '/login?redirectTo=%2Fadmin');

    const customer = new Visitor(stack.baseUrl);
    await signIn(db, customer, `cust-${unique()}@example.com`);
    assert.equal((await customer.get('/admin')).status, 403);

    const admin = new Visitor(stack.baseUrl);
    const landed = await signIn(db, admin, 'admin@example.com', '/admin');
    assert.equal(landed.headers.get('location'), '/admin');
    assert.equal((await admin.get('/admin')).status, 200);
  });

  test('a blocked customer cannot sign in or check out, and is told why', async () => {
    const email = `blocked-${unique()}@example.com`;
    const v = new Visitor(stack.baseUrl);
    await signIn(db, v, email);
    await addToCart(v, 'NSP-PHY-A4', 1);
    await db.query("update users set blocked = true, blocked_reason = 'chargeback fraud', blocked_at = now() where email = $1", [email]);

    const checkout = await v.postAs('/checkout', {});
    const dbg = await db.query(
      'select c.id, c.status, c.user_id, (select count(*) from cart_items where cart_id = c.id) as n from carts c join users u on u.id = c.user_id where u.email = $1',
      [email],
    );
    assert.equal(
      checkout.status,
      403,
      `checkout answered ${checkout.status} ${checkout.headers.get('location')} ${JSON.stringify(dbg.rows)}`,
    );
    assert.match(await checkout.text(), /chargeback fraud/);

    const fresh = new Visitor(stack.baseUrl);
    const res = await signIn(db, fresh, email);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /blocked[\s\S]*chargeback fraud/);
    assert.equal(fresh.cookie(/atelier_session/), undefined, 'no session for a blocked account');
  });
});

describe('cross-site requests', () => {
  test('a state-changing request from another origin, or with no origin at all, is refused', async () => {
    const v = new Visitor(stack.baseUrl);
    const id = await variantId('NSP-PHY-A4');
    const foreign = await v.postAs(
      '/products/night-sky-poster?index',
      { variantId: id, quantity: 1, ...personalisation },
      'https://evil.example',
    );
    assert.equal(foreign.status, 403);
    const bare = await v.postAs('/logout', {}, null);
    assert.equal(bare.status, 403);
    const { rows } = await db.query(
      "select count(*)::int as n from carts where created_at > now() - interval '5 seconds' and id not in (select cart_id from cart_items)",
    );
    assert.equal(rows[0].n, 0, 'the refused request wrote nothing');
  });
});

describe('carts and guest orders', () => {
  test('signing in merges the guest cart into the account cart and clears the guest cookie', async () => {
    const email = `merge-${unique()}@example.com`;
    // The account already has 2 × A4 (from another device).
    const phone = new Visitor(stack.baseUrl);
    await signIn(db, phone, email);
    await addToCart(phone, 'NSP-PHY-A4', 2);
    // As a guest on this device: 1 × A4 (same personalisation) and 1 × A3.
    const laptop = new Visitor(stack.baseUrl);
    await addToCart(laptop, 'NSP-PHY-A4', 1);
    await addToCart(laptop, 'NSP-PHY-A3', 1);
    assert.ok(laptop.cookie(/atelier_cart/));
    const res = await signIn(db, laptop, email);
    assert.ok(
      res.headers.getSetCookie().some((c) => /atelier_cart=;/.test(c) && /Max-Age=0/i.test(c)),
      'the guest cart cookie is cleared',
    );
    const { rows } = await db.query<{ sku: string; quantity: number }>(
      `select v.sku, ci.quantity from cart_items ci join carts c on c.id = ci.cart_id join product_variants v on v.id = ci.variant_id
        join users u on u.id = c.user_id where u.email = $1 and c.status = 'active' order by v.sku`,
      [email],
    );
    assert.deepEqual(rows, [
      { sku: 'NSP-PHY-A3', quantity: 1 },
      { sku: 'NSP-PHY-A4', quantity: 3 },
    ]);
    // Both devices now show the account's cart.
    assert.match(await (await phone.get('/cart')).text(), /NSP-PHY-A3|A3/);
  });

  test('a sign-in link opened in a browser that did not ask for it names its account and leaves that browser’s cart alone', async () => {
    const attackerEmail = `sender-${unique()}@example.com`;
    const attacker = new Visitor(stack.baseUrl);
    assert.equal((await requestLink(attacker, attackerEmail)).status, 200);
    const token = await latestToken(db, attackerEmail);
    // The victim has a guest cart, then follows the link the attacker sent.
    const victim = new Visitor(stack.baseUrl);
    await addToCart(victim, 'NSP-PHY-A3', 1);
    assert.ok(victim.cookie(/atelier_cart/));
    const page = await (await victim.getAs(`/auth/verify?token=${token}`)).text();
    assert.match(page, new RegExp(`signing in as <strong>${attackerEmail}</strong>`), 'the page says whose account it signs into');
    const res = await victim.postAs('/auth/verify', { token });
    assert.equal(res.status, 303);
    assert.ok(!res.headers.getSetCookie().some((c) => /atelier_cart=;/.test(c)), 'the guest cart cookie is kept');
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from cart_items ci join carts c on c.id = ci.cart_id join users u on u.id = c.user_id where u.email = $1`,
      [attackerEmail],
    );
    assert.equal(rows[0]!.n, 0, 'nothing moved into the account the link belongs to');
    // Signed out again, the victim's own guest cart is still there with its poster.
    assert.equal((await victim.postAs('/logout', {})).status, 303);
    assert.match(await (await victim.getAs('/cart')).text(), /A3/);
  });

  test('a paid guest order joins the account with its email, created when missing, and counts once', async () => {
    const email = `guest-${unique()}@example.com`;
    for (let n = 1; n <= 2; n++) {
      const v = new Visitor(stack.baseUrl);
      await addToCart(v, 'NSP-PHY-A3', 1);
      const before = await db.query<{ id: number | null }>('select max(id) as id from orders');
      assert.equal((await v.postAs('/checkout', {})).status, 303);
      const { rows } = await db.query<{ order_number: string; stripe_checkout_session_id: string }>(
        'select order_number, stripe_checkout_session_id from orders where id > $1',
        [before.rows[0]!.id ?? 0],
      );
      const { order_number: orderNumber, stripe_checkout_session_id: sessionId } = rows[0]!;
      const hook = signedEvent('checkout.session.completed', completedSession(orderNumber, sessionId, 4500, email.toUpperCase()), {
        secret: stack.env.STRIPE_WEBHOOK_SECRET!,
      });
      assert.equal((await sendWebhook(stack.baseUrl, hook)).status, 200);
      assert.equal((await sendWebhook(stack.baseUrl, hook)).status, 200, 'a repeated webhook changes nothing');
      await waitFor('order linked', async () => {
        const r = await db.query('select customer_id from orders where order_number = $1', [orderNumber]);
        return r.rows[0]?.customer_id;
      });
      const user = await waitFor('stats', async () => {
        const r = await db.query<{ order_count: number; total_spent: string; role: string }>(
          'select order_count, total_spent, role from users where email = $1',
          [email],
        );
        return r.rows[0]?.order_count === n ? r.rows[0] : null;
      });
      assert.equal(user.role, 'customer');
      assert.equal(Number(user.total_spent), n * 5499);
    }
    const { rows } = await db.query('select count(*)::int as n from users where email = $1', [email]);
    assert.equal(rows[0].n, 1, 'one account for both orders');
  });
});

describe('bad input at the door', () => {
  test('an oversized form body is refused with 413 before anything reads it', async () => {
    const res = await fetch(`${stack.baseUrl}/login`, {
      method: 'POST',
      body: `email=${'a'.repeat(300 * 1024)}@example.com`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: stack.baseUrl },
    });
    assert.equal(res.status, 413);
    assert.match(await res.text(), /too large/);
  });

  test('a signed webhook whose body is not JSON is refused with 400', async () => {
    const { header } = signedEvent('checkout.session.completed', {}, { secret: stack.env.STRIPE_WEBHOOK_SECRET! });
    const res = await fetch(`${stack.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      body: '{not json',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
    });
    assert.equal(res.status, 400);
  });
});
