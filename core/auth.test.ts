import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOrigin, checkRateLimit, hashToken, isWellFormedToken, newToken, safeRedirect } from './auth.ts';

describe('tokens', () => {
  test('are 32 random bytes, URL-safe, never repeated', () => {
    const a = newToken();
    const b = newToken();
    assert.ok(isWellFormedToken(a));
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, b);
  });
  test('are stored as their SHA-256, which does not reveal them', () => {
    const t = newToken();
    assert.equal(hashToken(t), hashToken(t));
    assert.match(hashToken(t), /^[0-9a-f]{64}$/);
    assert.notEqual(hashToken(t), t);
    assert.notEqual(hashToken(t), hashToken(newToken()));
  });
  test('only well-formed tokens are looked up', () => {
    for (const bad of ['', 'short', `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, 'a'.repeat(44), null, 42])
      assert.equal(isWellFormedToken(bad), false);
  });
});

describe('safeRedirect', () => {
  test('keeps local paths with their query and fragment', () => {
    assert.equal(safeRedirect('/account/orders/ATL-2026-ABCDEFGH?x=1#top'), '/account/orders/ATL-2026-ABCDEFGH?x=1#top');
    assert.equal(safeRedirect('/cart'), '/cart');
  });
  test('refuses anything that could leave the site', () => {
    for (const evil of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil',
      'javascript:alert(1)',
      'evil.example',
      '/%0d%0aSet-Cookie:x',
      '/\tx',
      '',
      null,
      undefined,
      'x'.repeat(600),
    ]) {
      const out = safeRedirect(evil, '/fallback');
      assert.ok(out === '/fallback' || (out.startsWith('/') && !out.startsWith('//')), `${String(evil)} → ${out}`);
      assert.ok(!/evil\.example/.test(new URL(out, 'http://shop.test').host), `${String(evil)} leaves the site`);
    }
    assert.equal(safeRedirect('//evil.example'), '/account');
    assert.equal(safeRedirect('https://evil.example'), '/account');
  });
  test('normalises first and checks what it returns: the known bypass forms all fall back', () => {
    const bypasses = [
      '//evil.example/x',
      '/\\evil.example/x',
      '\\\\evil.example/x',
      '/%2F%2Fevil.example/x',
      '/%2f/evil.example/x',
      '/..//evil.example/x',
      '/%2F..%2F%2Fevil.example%2Fphish',
      '/%2e%2e//evil.example/x',
      '/.%2e//evil.example/x',
      '/%2E./%2Fevil.example/x',
      '/x/../..//evil.example/x',
      '/\t/evil.example/x',
      '/\n/evil.example/x',
      '/\r\n/evil.example/x',
      '/ev\til.example',
      '/%09/evil.example/x',
      '/%0a/evil.example/x',
      '/%5C%5Cevil.example/x',
      '/%5c/evil.example/x',
      '/%252F%252Fevil.example/x',
      '/%252e%252e//evil.example/x',
      '/x/%252e%252e/%252e%252e//evil.example/x',
      '/%25252F%25252Fevil.example/x',
      '/%E0%A4%A',
      'javascript:alert(1)',
      '/javascript:alert(1)//%0aalert(2)',
      'https://evil.example/x',
      'http:evil.example',
      'HTTPS://evil.example',
      ' //evil.example',
      '\u0000//evil.example',
      '/\u0000/evil.example',
    ];
    const escaped = bypasses.filter((target) => safeRedirect(target, '/fallback') !== '/fallback');
    assert.deepEqual(
      escaped.map((target) => `${JSON.stringify(target)} → ${safeRedirect(target, '/fallback')}`),
      [],
    );
  });
  test('the login page case: the normalised path is what is checked', () => {
    // %2F..%2F%2F decoded by the query string: "/..//evil.example/phish", which the URL parser makes "//evil.example/phish".
    assert.equal(safeRedirect(new URLSearchParams('redirectTo=%2F..%2F%2Fevil.example%2Fphish').get('redirectTo')), '/account');
  });
  test('ordinary paths with dot segments, escapes and queries stay, normalised', () => {
    assert.equal(safeRedirect('/account/../cart'), '/cart');
    assert.equal(safeRedirect('/account/./orders'), '/account/orders');
    assert.equal(safeRedirect('/products/caf%C3%A9?theme=forest#top'), '/products/caf%C3%A9?theme=forest#top');
    assert.equal(safeRedirect('/search?next=//elsewhere'), '/search?next=//elsewhere', 'a query is not a place to go');
  });
});

describe('checkRateLimit', () => {
  const limit = { max: 3, windowMs: 60_000 };
  const now = new Date('2026-01-01T12:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  test('allows up to the maximum inside the window', () => {
    assert.deepEqual(checkRateLimit([ago(10), ago(20)], limit, now), { allowed: true });
  });
  test('refuses one more and says when the oldest falls out of the window', () => {
    const r = checkRateLimit([ago(10), ago(20), ago(50)], limit, now);
    assert.equal(r.allowed, false);
    assert.equal(!r.allowed && r.retryAfterMs, 10_000);
  });
  test('forgets requests older than the window', () => {
    assert.deepEqual(checkRateLimit([ago(61), ago(70), ago(80), ago(5)], limit, now), { allowed: true });
  });
});

describe('checkOrigin', () => {
  const app = 'https://shop.example';
  test('safe methods always pass', () => {
    assert.deepEqual(checkOrigin('GET', {}, app), { ok: true });
  });
  test('a POST from the shop passes, by Origin or by Referer', () => {
    assert.deepEqual(checkOrigin('POST', { origin: 'https://shop.example' }, app), { ok: true });
    assert.deepEqual(checkOrigin('POST', { referer: 'https://shop.example/cart' }, app), { ok: true });
  });
  test('a POST from elsewhere, or from nowhere, is refused', () => {
    assert.equal(checkOrigin('POST', { origin: 'https://evil.example' }, app).ok, false);
    assert.equal(checkOrigin('POST', { origin: 'http://shop.example' }, app).ok, false, 'scheme matters');
    assert.equal(checkOrigin('POST', { referer: 'https://shop.example.evil.example/' }, app).ok, false);
    assert.equal(checkOrigin('POST', {}, app).ok, false);
    assert.equal(checkOrigin('POST', { origin: 'null' }, app).ok, false);
  });
  test('localhost and 127.0.0.1 are the same machine in development', () => {
    assert.deepEqual(checkOrigin('POST', { origin: 'http://127.0.0.1:3000' }, 'http://localhost:3000'), { ok: true });
    assert.deepEqual(checkOrigin('POST', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, 'http://localhost:3000'), {
      ok: true,
    });
    assert.equal(checkOrigin('POST', { origin: 'http://127.0.0.1:4000' }, 'http://localhost:3000').ok, false);
  });
  test('an Origin must name the host the request went to, as Remix insists: one loopback name posting to another is refused', () => {
    const app = 'http://localhost:3000';
    assert.deepEqual(checkOrigin('POST', { origin: 'http://localhost:3000', host: 'localhost:3000' }, app), { ok: true });
    assert.equal(checkOrigin('POST', { origin: 'http://127.0.0.1:3000', host: 'localhost:3000' }, app).ok, false);
    assert.equal(checkOrigin('POST', { origin: 'http://[::1]:3000', host: 'localhost:3000' }, app).ok, false);
    assert.equal(checkOrigin('POST', { origin: 'http://localhost:3000', host: null }, app).ok, false, 'no Host to compare with');
    assert.deepEqual(
      checkOrigin('POST', { referer: 'http://127.0.0.1:3000/cart', host: 'localhost:3000' }, app),
      { ok: true },
      'Remix compares the Origin only',
    );
  });
  test('Origin: null is refused even with the shop’s own Referer', () => {
    assert.equal(
      checkOrigin('POST', { origin: 'null', referer: 'https://shop.example/cart', host: 'shop.example' }, 'https://shop.example').ok,
      false,
    );
  });
});
