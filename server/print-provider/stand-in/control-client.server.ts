// The shop's side of the stand-in's control API, for /dev/provider: its orders, and the buttons' actions.
import { getEnv } from '#server/env.server.ts';
import type { StandInRecord } from './orders.ts';

const TIMEOUT_MS = 3000;

export interface StandInView {
  orders: StandInRecord[];
  outageUntil: string | null;
  cancellationFee: number;
  stepSeconds: number;
  webhookUrl: string;
}

export type ControlAnswer<T> = { ok: true; value: T } | { ok: false; message: string };

function unreachable(url: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  const why = cause?.code ?? (error instanceof Error ? error.message : String(error));
  return `The print provider stand-in does not answer at ${url} (${why}). It runs with \`npm start\` when GELATO_API_KEY is unset.`;
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ControlAnswer<T>> {
  const base = getEnv().PRINT_PROVIDER_STAND_IN_URL.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, message: unreachable(base, error) };
  }
  const answer = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!response.ok || answer === null) {
    return { ok: false, message: answer?.message ?? `The stand-in answered HTTP ${response.status}` };
  }
  return { ok: true, value: answer };
}

export const standInOrders = () => request<StandInView>('GET', 'orders');

export const standInOrderAction = (orderId: string, action: 'advance' | 'fail' | 'redeliver' | 'send-status', body: object = {}) =>
  request<StandInRecord>('POST', `orders/${encodeURIComponent(orderId)}/${action}`, body);

export const standInOutage = (seconds: number) => request<{ outageUntil: string | null }>('POST', 'outage', { seconds });
