// For the stand-in's unit tests: the stand-in on a free port with its state in a temporary folder, a server
// standing in for the shop (webhooks and print files), and a small Gelato client.
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GelatoWebhookEvent, StandInRecord } from './orders.ts';
import { startStandIn, type RunningStandIn } from './server.ts';
import type { StandInOptions } from './stand-in.ts';

export const tempDataFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'stand-in-')), 'print-provider-stand-in.json');

/** The shop as the stand-in sees it: records webhooks, serves print files; `respond` decides each webhook's status. */
export async function startShop() {
  const webhooks: Array<{ url: string; body: GelatoWebhookEvent }> = [];
  const shop = {
    webhooks,
    respond: (_body: GelatoWebhookEvent): number => 200,
    url: '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url?.startsWith('/files/')) {
      if (req.url === '/files/missing.pdf') return res.writeHead(404).end('not found');
      return res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(1234, 1));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GelatoWebhookEvent;
      webhooks.push({ url: req.url ?? '', body });
      res.writeHead(shop.respond(body)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  shop.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return shop;
}
export type Shop = Awaited<ReturnType<typeof startShop>>;

export function startTestStandIn(options: Partial<StandInOptions> & { shop: Shop; port?: number }): Promise<RunningStandIn> {
  return startStandIn({
    host: '127.0.0.1',
    port: options.port ?? 0,
    dataFile: options.dataFile ?? tempDataFile(),
    webhookUrl: `${options.shop.url}/webhooks/print-provider?token=t0ken`,
    stepSeconds: options.stepSeconds ?? 0,
    retry: options.retry ?? { tries: 8, firstDelayMs: 20, maxDelayMs: 100 },
  });
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A call with JSON in and out; `key` is the X-API-KEY header (null: none). */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  pathname: string,
  body?: unknown,
  key: string | null = 'test-key',
): Promise<Answer<T>> {
  const response = await fetch(`${base}${pathname}`, {
    method,
    headers: { ...(key === null ? {} : { 'x-api-key': key }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export const control = <T = StandInRecord>(base: string, action: string, body: unknown = {}) =>
  call<T>(base, 'POST', `/control/${action}`, body, null);

export async function controlOrders(base: string): Promise<StandInRecord[]> {
  return (await call<{ orders: StandInRecord[] }>(base, 'GET', '/control/orders', undefined, null)).body.orders;
}

/** Waits until `check` returns something truthy. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function orderBody(shopUrl: string, overrides: Record<string, unknown> = {}, address: Record<string, unknown> = {}) {
  return {
    orderType: 'order',
    orderReferenceId: 'ATL-1001-print-1',
    customerReferenceId: 'customer-7',
    currency: 'EUR',
    items: [
      {
        itemReferenceId: '11',
        productUid: 'flat_a4-ver_200-gsm-80lb-uncoated_4-0_ver',
        files: [{ type: 'default', url: `${shopUrl}/files/a.pdf` }],
        quantity: 2,
      },
      {
        itemReferenceId: '12',
        productUid: 'flat_a3-ver_200-gsm-80lb-uncoated_4-0_ver',
        files: [{ type: 'default', url: `${shopUrl}/files/missing.pdf` }],
        quantity: 1,
      },
    ],
    shippingAddress: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      addressLine1: '1 Harbour Road',
      city: 'Dublin',
      postCode: 'D02 X123',
      country: 'IE',
      email: 'ada@example.com',
      ...address,
    },
    ...overrides,
  };
}
