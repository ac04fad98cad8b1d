// The part of Gelato's order API v4 the shop uses, answered the way Gelato answers: an API key in X-API-KEY,
// JSON with Gelato's field names, errors as `{ code, message }`, and 503 to everything during an outage.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { field, HttpError, readJson, sendJson } from './http.ts';
import type { GelatoOrder, StandInRecord } from './orders.ts';
import type { StandIn } from './stand-in.ts';

/** What `POST /v4/orders:search` lists of each order. */
function summary(order: GelatoOrder) {
  const receipt = order.receipts[0];
  return {
    id: order.id,
    orderType: order.orderType,
    orderReferenceId: order.orderReferenceId,
    customerReferenceId: order.customerReferenceId,
    fulfillmentStatus: order.fulfillmentStatus,
    financialStatus: order.financialStatus,
    currency: order.currency,
    channel: order.channel,
    storeId: order.storeId,
    country: order.shippingAddress.country,
    firstName: order.shippingAddress.firstName,
    lastName: order.shippingAddress.lastName,
    totalInclVat: receipt ? receipt.totalInclVat : null,
    itemsCount: order.items.length,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    orderedAt: order.orderedAt,
  };
}

function references(body: unknown): string[] {
  const many = field(body, 'orderReferenceIds');
  const one = field(body, 'orderReferenceId');
  const list = [...(Array.isArray(many) ? many : []), ...(one === undefined ? [] : [one])];
  if (!list.length || list.some((r) => typeof r !== 'string' || !r)) {
    throw new HttpError(400, 'ValidationError', 'orderReferenceId (text) or orderReferenceIds (a list of text) is required');
  }
  return list as string[];
}

const orderOf = (record: StandInRecord) => record.order;

/** Answers a `/v4/…` request. */
export async function gelatoApi(standIn: StandIn, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (standIn.store.outage(Date.now())) {
    throw new HttpError(503, 'ServiceUnavailable', 'The service is temporarily unavailable, try again later (stand-in outage)');
  }
  const key = req.headers['x-api-key'];
  if (typeof key !== 'string' || !key.trim()) throw new HttpError(401, 'Unauthorized', 'The X-API-KEY header is missing');

  const method = req.method ?? 'GET';
  if (pathname === '/v4/orders' && method === 'POST') {
    return sendJson(res, 200, orderOf(standIn.createOrder(await readJson(req))));
  }
  if (pathname === '/v4/orders:search' && method === 'POST') {
    const found = standIn.store.byReference(references(await readJson(req)));
    return sendJson(res, 200, { orders: found.map((r) => summary(r.order)) });
  }
  const cancel = /^\/v4\/orders\/([^/:]+):cancel$/.exec(pathname);
  if (cancel && method === 'POST') {
    standIn.cancel(decodeURIComponent(cancel[1]!));
    return sendJson(res, 200, {});
  }
  const one = /^\/v4\/orders\/([^/:]+)$/.exec(pathname);
  if (one && method === 'GET') return sendJson(res, 200, orderOf(standIn.find(decodeURIComponent(one[1]!))));
  throw new HttpError(404, 'NotFound', `No route ${method} ${pathname}`);
}
