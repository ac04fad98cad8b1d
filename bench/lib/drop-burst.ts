// The drop's checkouts (bench/lib/drop.ts): many carts' POST /checkout released open loop, each answer classified as
// started (303 to the local pay page), sold out (409 with the shop's own sentence for the variant) or an error.
import { timedCheckout, type StartedCheckout } from './checkout-start.ts';
import { errorText, Failures, type Failure } from './failures.ts';
import { paced, summarize, type Summary } from './stats.ts';

/** Where a sold-out answer comes from: app/routes/checkout.tsx's cart check, or the order's reservation (core/stock.ts). */
export type DropSoldOutBy = 'cart check' | 'reservation';

export interface DropAnswers {
  attempted: number;
  started: number;
  soldOut: number;
  soldOutBy: Record<DropSoldOutBy, number>;
  errors: number;
  /** POST /checkout → its answer, by class, and of all answers. */
  latency: { all: Summary; started: Summary; soldOut: Summary; errors: Summary };
  /** First → last request sent, s. */
  sendSeconds: number;
  /** Most requests in flight at once. */
  peakInFlight: number;
  failures: Failure[];
}

/** The alert's text as the customer reads it (React escapes it in the page). */
const decode = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * Sends the carts' checkouts open loop at `ratePerSecond` (each at its time, whatever the earlier ones are doing), and
 * classifies each answer; `soldOutText` holds the exact sentence of each sold-out answer.
 */
export async function checkoutBurst(
  baseUrl: string,
  cookies: string[],
  ratePerSecond: number,
  soldOutText: Record<DropSoldOutBy, string>,
): Promise<{ answers: DropAnswers; started: StartedCheckout[] }> {
  const all: number[] = [];
  const byClass = { started: [] as number[], soldOut: [] as number[], errors: [] as number[] };
  const soldOutBy: Record<DropSoldOutBy, number> = { 'cart check': 0, reservation: 0 };
  const started: StartedCheckout[] = [];
  const failures = new Failures();
  let inFlight = 0;
  let peakInFlight = 0;
  let first = 0;
  let last = 0;
  await paced(cookies.length, ratePerSecond, cookies.length, async (i) => {
    const cookie = cookies[i]!;
    last = performance.now();
    first ||= last;
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    try {
      const { ms, res, text } = await timedCheckout(baseUrl, cookie);
      all.push(ms);
      const location = res.headers.get('location') ?? '';
      const session = /\/dev\/pay\/([^/?#]+)/.exec(location);
      if (res.status === 303 && session) {
        byClass.started.push(ms);
        started.push({ cookie, location, sessionId: decodeURIComponent(session[1]!) });
        return;
      }
      const alert = decode(/<p class="alert alert-error" role="alert">([\s\S]*?)<\/p>/.exec(text)?.[1] ?? '');
      const by = (Object.keys(soldOutText) as DropSoldOutBy[]).find((k) => soldOutText[k] === alert);
      if (res.status === 409 && by) {
        byClass.soldOut.push(ms);
        soldOutBy[by]++;
        return;
      }
      byClass.errors.push(ms);
      failures.add(res.status, `${res.status} ${location} ${alert || text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`);
    } catch (err) {
      failures.add('error', errorText(err));
    } finally {
      inFlight--;
    }
  });
  return {
    started,
    answers: {
      attempted: cookies.length,
      started: byClass.started.length,
      soldOut: byClass.soldOut.length,
      soldOutBy,
      errors: failures.total,
      latency: {
        all: summarize(all),
        started: summarize(byClass.started),
        soldOut: summarize(byClass.soldOut),
        errors: summarize(byClass.errors),
      },
      sendSeconds: (last - first) / 1000,
      peakInFlight,
      failures: failures.list(),
    },
  };
}
