// The Gelato Order API v4 client behind PrintProvider (https://dashboard.gelato.com/docs/orders/v4/), and the reading
// of Gelato's webhook events. The local stand-in speaks the same subset of the API, so this one client serves both.
// What it relies on in Gelato's requests and answers is listed in gelato.server.test.ts's header.
import { logger } from '#server/log.server.ts';
import { isObject, orderIdWithReference, toProviderOrder, type JsonObject } from './gelato-orders.server.ts';
import {
  ProviderRejectedError,
  ProviderUnavailableError,
  type CancelResult,
  type PrintProvider,
  type ProviderOrder,
  type ProviderOrderRequest,
  type ProviderWebhook,
} from './provider.server.ts';

export { toProviderOrder } from './gelato-orders.server.ts';

export interface GelatoOptions {
  /** https://order.gelatoapis.com, or the stand-in's URL. */
  baseUrl: string;
  apiKey: string;
  /** The provider is the local stand-in. */
  local: boolean;
  /** Where an admin sees an order: the order id is appended (default Gelato's dashboard, `…/orders/<id>`). */
  dashboardUrl?: string;
  /** Each call's limit (default 15 s). */
  timeoutMs?: number;
}

const DEFAULT_DASHBOARD_URL = 'https://dashboard.gelato.com/orders/';
const DEFAULT_TIMEOUT_MS = 15_000;

/** Our order request as Gelato's create-order body; null optional fields are left out. */
export function gelatoOrderBody(request: ProviderOrderRequest): JsonObject {
  const a = request.address;
  const optional = (value: string | null) => (value === null || value === '' ? undefined : value);
  return {
    orderType: 'order',
    orderReferenceId: request.reference,
    customerReferenceId: request.customerReference,
    currency: request.currency,
    items: request.items.map((item) => ({
      itemReferenceId: item.reference,
      productUid: item.productId,
      files: [{ type: 'default', url: item.fileUrl }],
      quantity: item.quantity,
    })),
    shippingAddress: {
      firstName: a.firstName,
      lastName: a.lastName,
      addressLine1: a.addressLine1,
      addressLine2: optional(a.addressLine2),
      city: a.city,
      postCode: a.postCode,
      state: optional(a.state),
      country: a.country,
      email: a.email,
      phone: optional(a.phone),
    },
  };
}

/** What Gelato says went wrong: its `message`, with any readable `details`; null when the body says nothing. */
function gelatoMessage(body: unknown): string | null {
  if (!isObject(body)) return null;
  const message = typeof body.message === 'string' && body.message.trim() ? body.message.trim() : null;
  const details = (Array.isArray(body.details) ? body.details : [])
    .map((d) => (typeof d === 'string' ? d : isObject(d) && typeof d.message === 'string' ? d.message : null))
    .filter((d): d is string => Boolean(d?.trim()));
  const parts = [message, ...details].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' — ') : null;
}

interface Answer {
  status: number;
  body: unknown;
}

export function createGelatoProvider(options: GelatoOptions): PrintProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const dashboardUrl = options.dashboardUrl ?? DEFAULT_DASHBOARD_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** One call. Unreachable, too slow, 5xx and 429 throw ProviderUnavailableError; every other answer is returned. */
  async function call(method: 'GET' | 'POST', path: string, body?: JsonObject): Promise<Answer> {
    let response: Response;
    let raw: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { 'X-API-KEY': options.apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      raw = await response.text();
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
      throw new ProviderUnavailableError(`Gelato could not be reached (${method} ${path}): ${why}`);
    }
    let parsed: unknown = null;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = null;
    }
    if (response.status >= 500 || response.status === 429) {
      const said = gelatoMessage(parsed);
      throw new ProviderUnavailableError(
        `Gelato answered ${response.status} (${method} ${path})${said ? `: ${said}` : ''}`,
        response.status,
      );
    }
    return { status: response.status, body: parsed };
  }

  const rejected = (answer: Answer, what: string) =>
    new ProviderRejectedError(gelatoMessage(answer.body) ?? `Gelato refused to ${what} (HTTP ${answer.status})`, answer.status);

  const ok = (answer: Answer) => answer.status >= 200 && answer.status < 300;

  function orderFrom(answer: Answer, what: string): ProviderOrder {
    if (!ok(answer)) throw rejected(answer, what);
    try {
      return toProviderOrder(answer.body);
    } catch (error) {
      throw new ProviderUnavailableError(`Gelato's answer to ${what} is not an order: ${(error as Error).message}`, answer.status);
    }
  }

  const orderPath = (id: string) => `/v4/orders/${encodeURIComponent(id)}`;

  async function getOrder(providerOrderId: string): Promise<ProviderOrder> {
    return orderFrom(await call('GET', orderPath(providerOrderId)), 'read the order');
  }

  return {
    name: 'gelato',
    local: options.local,

    async submitOrder(request) {
      return orderFrom(await call('POST', '/v4/orders', gelatoOrderBody(request)), 'create the order');
    },

    async findOrder(reference) {
      const answer = await call('POST', '/v4/orders:search', { orderReferenceIds: [reference] });
      if (!ok(answer)) throw rejected(answer, 'search orders');
      const id = orderIdWithReference(answer.body, reference);
      return id ? getOrder(id) : null;
    },

    getOrder,

    async cancelOrder(providerOrderId): Promise<CancelResult> {
      const answer = await call('POST', `${orderPath(providerOrderId)}:cancel`);
      if (answer.status === 409) {
        return {
          cancelled: false,
          reason: gelatoMessage(answer.body) ?? 'Gelato can no longer cancel the order: it is in production or shipped',
        };
      }
      if (!ok(answer)) throw rejected(answer, 'cancel the order');
      // The cancellation stands whatever follows. The fee is what the receipts still charge once the order reads as
      // cancelled; unread (Gelato away a moment) it is left unstated rather than the cancellation retried.
      try {
        const order = await getOrder(providerOrderId);
        return { cancelled: true, fee: order.status === 'cancelled' ? order.cost : null };
      } catch (error) {
        logger.warn({ providerOrderId, err: error }, 'Gelato cancelled the order but it could not be read back for the fee');
        return { cancelled: true, fee: null };
      }
    },

    orderUrl(providerOrderId) {
      return `${dashboardUrl}${encodeURIComponent(providerOrderId)}`;
    },
  };
}

/**
 * A Gelato webhook body as a ProviderWebhook, or null when it is not a Gelato event (no `id` and `event`). Gelato signs
 * nothing, so this only reads: the delivery is authenticated by the token in its URL, before this.
 * `claimedStatus` is the order's `fulfillmentStatus` (order_status_updated); item events carry the item's `status`,
 * which is not the order's, so they claim none.
 */
export function parseGelatoWebhook(body: unknown): ProviderWebhook | null {
  if (!isObject(body)) return null;
  const { id, event } = body;
  if (typeof id !== 'string' || !id.trim() || typeof event !== 'string' || !/^[a-z][a-z0-9_]*$/.test(event)) return null;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  return {
    eventId: id,
    type: event,
    providerOrderId: str(body.orderId),
    reference: str(body.orderReferenceId),
    claimedStatus: str(body.fulfillmentStatus),
  };
}
