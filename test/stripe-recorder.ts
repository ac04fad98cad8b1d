// A pass-through in front of stripe-mock that records every request the shop makes to Stripe. stripe-mock
// answers each request afresh and keeps nothing, so this is how a test counts what the shop asked
// Stripe to do (and under which Idempotency-Key). Point STRIPE_API_PORT at it, then `forwardTo` the
// stack's stripe-mock once it runs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { ProcessGroup } from '../scripts/lib/process-group.ts';
import { getFreePort } from '../scripts/lib/net.ts';
import { startStripeMock } from '../scripts/lib/stripe-mock.ts';

export interface StripeCall {
  method: string;
  /** e.g. /v1/coupons, /v1/promotion_codes/promo_123 */
  path: string;
  idempotencyKey: string | null;
  /** The form-encoded parameters (`metadata[promoCodeId]`, `promotion[coupon]`…). */
  params: URLSearchParams;
  /** stripe-mock's answer; 502 when no stripe-mock was set to forward to. */
  status: number;
}

export interface StripeRecorder {
  port: number;
  /** Every request, in the order the answers came back. */
  calls: StripeCall[];
  forwardTo(url: string): void;
  close(): Promise<void>;
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startStripeRecorder(): Promise<StripeRecorder> {
  const calls: StripeCall[] = [];
  let upstream: URL | null = null;

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://recorder');
      const key = req.headers['idempotency-key'];
      const record = (status: number) =>
        calls.push({
          method: req.method ?? '',
          path: url.pathname,
          idempotencyKey: (Array.isArray(key) ? key[0] : key) ?? null,
          params: new URLSearchParams(req.method === 'GET' ? url.search : body.toString('utf8')),
          status,
        });
      if (!upstream) {
        record(502);
        res
          .writeHead(502, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ error: { type: 'api_error', message: 'the recorder has no stripe-mock to forward to yet' } }));
        return;
      }
      const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const forwarded = http.request(
          new URL(req.url ?? '/', upstream!),
          { method: req.method, headers: { ...req.headers, host: upstream!.host, 'content-length': String(body.length) } },
          resolve,
        );
        forwarded.on('error', reject);
        forwarded.end(body);
      });
      const answered = await readBody(answer);
      record(answer.statusCode ?? 502);
      res.writeHead(answer.statusCode ?? 502, answer.headers).end(answered);
    })().catch((err: unknown) => {
      res
        .writeHead(502, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { type: 'api_error', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    calls,
    forwardTo: (url) => {
      upstream = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A stripe-mock of its own (in `group`) behind a recorder, and a Stripe client that talks to it: for tests that call
 * the shop's Stripe code directly, without a whole stack.
 */
export async function startRecordedStripeMock(group: ProcessGroup, name: string): Promise<{ recorder: StripeRecorder; stripe: Stripe }> {
  const recorder = await startStripeRecorder();
  const mock = await startStripeMock({ group, name, httpPort: await getFreePort(), httpsPort: null, processOptions: { silent: true } });
  recorder.forwardTo(mock.httpUrl);
  return { recorder, stripe: stripeAt(recorder.port) };
}

/** A Stripe client for a local server on this port (plain HTTP, no retries, a short timeout). */
export const stripeAt = (port: number) =>
  new Stripe('sk_test_local', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, timeout: 5000 });
