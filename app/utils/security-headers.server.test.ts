import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { contentSecurityPolicy, createNonce, referrerPolicyFor, securityHeaders } from './security-headers.server.ts';

const local = { appUrl: 'http://localhost:3000', stripeCheckout: false };

test('the policy: a nonce for scripts, no unsafe-inline or eval for scripts, framing refused', () => {
  const csp = contentSecurityPolicy('abc', local);
  assert.match(csp, /script-src 'self' 'nonce-abc'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.match(csp, /style-src-elem 'self'(;|$)/);
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self';", "img-src 'self' data:"])
    assert.ok(csp.includes(d), d);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/);
});

test('Stripe mode lets the checkout form redirect to Stripe Checkout; https upgrades requests', () => {
  const csp = contentSecurityPolicy('abc', { appUrl: 'https://shop.example', stripeCheckout: true });
  assert.match(csp, /form-action 'self' https:\/\/checkout\.stripe\.com;/);
  assert.match(csp, /upgrade-insecure-requests$/);
});

test('nonces are fresh and 128 bits', () => {
  const a = createNonce();
  assert.equal(Buffer.from(a, 'base64').length, 16);
  assert.notEqual(a, createNonce());
});

test('pages with a secret in the URL send less referrer', () => {
  assert.equal(referrerPolicyFor('/files/1.1.abc.def'), 'no-referrer');
  assert.equal(referrerPolicyFor('/unsubscribe'), 'same-origin');
  assert.equal(referrerPolicyFor('/auth/verify'), 'same-origin');
  assert.equal(referrerPolicyFor('/products/x'), 'strict-origin-when-cross-origin');
});

let base = '';
let close = () => {};
before(async () => {
  const app = express();
  app.use(securityHeaders({ appUrl: 'https://shop.example', stripeCheckout: false }));
  app.get('/own', (_req, res) => {
    res.append('Content-Security-Policy', "default-src 'none'");
    res.append('X-Content-Type-Options', 'nosniff');
    res.send('own');
  });
  app.get('/page', (_req, res) => res.send(String(res.locals.cspNonce)));
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
after(() => close());

test('the nonce in the header is the one handed to the page', async () => {
  const res = await fetch(`${base}/page`);
  assert.ok((res.headers.get('content-security-policy') ?? '').includes(`'nonce-${await res.text()}'`));
  assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000');
  assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
});

test("a response's own headers are kept, never doubled (Remix appends its headers)", async () => {
  const res = await fetch(`${base}/own`);
  assert.equal(res.headers.get('content-security-policy'), "default-src 'none'");
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
});
