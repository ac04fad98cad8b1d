// The control API (`/control/…`, JSON, no key): what the dev page's buttons and the tests do to the stand-in —
// step an order on, fail it, send its webhook again or out of order, start an outage, set a cancellation fee.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { field, HttpError, readJson, sendJson } from './http.ts';
import type { StandInRecord } from './orders.ts';
import type { StandIn } from './stand-in.ts';

/** The settings the control API reports beside the orders. */
function settings(standIn: StandIn) {
  const { outageUntil, cancellationFee } = standIn.store.state;
  return {
    outageUntil: standIn.store.outage(Date.now()) ? outageUntil : null,
    cancellationFee,
    stepSeconds: standIn.stepSeconds,
    // Where webhooks go, without the token.
    webhookUrl: standIn.options.webhookUrl.replace(/([?&]token=)[^&]*/, '$1…'),
  };
}

function numberField(body: unknown, name: string, opts: { optional?: boolean; integer?: boolean } = {}): number | null {
  const value = field(body, name);
  if (value === undefined || value === null) {
    if (opts.optional) return null;
    throw new HttpError(400, 'ValidationError', `${name} is required`);
  }
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (opts.integer && !Number.isInteger(n))) {
    throw new HttpError(400, 'ValidationError', `${name} must be a ${opts.integer ? 'whole ' : ''}number of at least 0`);
  }
  return n;
}

function textField(body: unknown, name: string): string | null {
  const value = field(body, name);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new HttpError(400, 'ValidationError', `${name} must be text`);
  return value;
}

const ORDER_ACTION = /^\/control\/orders\/([^/]+)\/(advance|fail|redeliver|send-status)$/;

/** Answers a `/control/…` request. */
export async function controlApi(standIn: StandIn, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'GET' && pathname === '/control/health') {
    return sendJson(res, 200, { ok: true, orders: standIn.store.state.orders.length, ...settings(standIn) });
  }
  if (method === 'GET' && pathname === '/control/orders') {
    return sendJson(res, 200, { orders: standIn.store.all(), ...settings(standIn) });
  }
  if (method !== 'POST') throw new HttpError(404, 'NotFound', `No route ${method} ${pathname}`);
  const body = await readJson(req);
  if (pathname === '/control/outage') {
    standIn.setOutage(numberField(body, 'seconds')!);
    return sendJson(res, 200, settings(standIn));
  }
  if (pathname === '/control/cancellation-fee') {
    standIn.setCancellationFee(numberField(body, 'amount', { integer: true })!);
    return sendJson(res, 200, settings(standIn));
  }
  const action = ORDER_ACTION.exec(pathname);
  if (!action) throw new HttpError(404, 'NotFound', `No route ${method} ${pathname}`);
  const id = decodeURIComponent(action[1]!);
  let record: StandInRecord;
  switch (action[2]) {
    case 'advance':
      record = standIn.advance(id);
      break;
    case 'fail':
      record = standIn.fail(id, textField(body, 'reason'));
      break;
    case 'redeliver':
      record = standIn.redeliver(id, numberField(body, 'times', { optional: true, integer: true }) ?? 1);
      break;
    default:
      record = standIn.sendStatus(id, textField(body, 'status'));
  }
  return sendJson(res, 200, record);
}
