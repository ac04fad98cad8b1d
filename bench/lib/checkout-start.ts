// Checkout start under load: `POST /checkout` with a cart's cookie, timed to its 303 to the local pay page.
import { errorText, Failures, type Failure } from './failures.ts';
import { pool, summarize, type Summary } from './stats.ts';

export interface StartedCheckout {
  cookie: string;
  location: string;
  sessionId: string;
}

export interface CheckoutRun {
  concurrency: number;
  attempted: number;
  latency: Summary;
  started: StartedCheckout[];
  failures: Failure[];
  failureCount: number;
  seconds: number;
  perSecond: number;
}

/** POST /checkout with the cart's cookie, redirect not followed: the answer, its body and how long it took. */
export async function timedCheckout(baseUrl: string, cookie: string): Promise<{ ms: number; res: Response; text: string }> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/checkout`, {
    method: 'POST',
    body: '',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(baseUrl).origin, Cookie: cookie },
    redirect: 'manual',
  });
  const text = await res.text();
  return { ms: performance.now() - t0, res, text };
}

/** Collects checkout starts (latency of each 303 to the pay page, the started checkouts, failures by status) over one or more runs. */
export class CheckoutTally {
  readonly samples: number[] = [];
  readonly started: StartedCheckout[] = [];
  readonly failures = new Failures();

  /** POST /checkout with the cart's cookie; a 303 to the local pay page counts, anything else is a failure. */
  async attempt(baseUrl: string, cookie: string): Promise<void> {
    try {
      const { ms, res, text } = await timedCheckout(baseUrl, cookie);
      const location = res.headers.get('location') ?? '';
      const match = /\/dev\/pay\/([^/?#]+)/.exec(location);
      if (res.status !== 303 || !match) {
        this.failures.add(res.status, `${res.status} ${location} ${text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`);
        return;
      }
      this.samples.push(ms);
      this.started.push({ cookie, location, sessionId: decodeURIComponent(match[1]!) });
    } catch (err) {
      this.failures.add('error', errorText(err));
    }
  }

  /** The run's figures: `seconds` is the time spent running (the sum, over several runs). */
  result(concurrency: number, attempted: number, seconds: number): CheckoutRun {
    return {
      concurrency,
      attempted,
      latency: summarize(this.samples),
      started: this.started,
      failures: this.failures.list(),
      failureCount: this.failures.total,
      seconds,
      perSecond: this.samples.length / seconds,
    };
  }
}

export async function runCheckouts(opts: {
  baseUrl: string;
  cookies: string[];
  concurrency: number;
  deadline: number;
}): Promise<CheckoutRun> {
  const tally = new CheckoutTally();
  const t0 = performance.now();
  const attempted = await pool(opts.cookies.length, opts.concurrency, (i) => tally.attempt(opts.baseUrl, opts.cookies[i]!), opts.deadline);
  return tally.result(opts.concurrency, attempted, (performance.now() - t0) / 1000);
}

/**
 * Checkouts in fixed lanes, all lanes at once: each lane starts its own carts one after another (closed loop),
 * so which carts are in flight together is known (e.g. one lane per variant). Adds to `tally`; returns how
 * many were started and the seconds the run took.
 */
export async function runCheckoutLanes(opts: {
  baseUrl: string;
  lanes: string[][];
  tally: CheckoutTally;
  deadline: number;
}): Promise<{ attempted: number; seconds: number }> {
  let attempted = 0;
  const t0 = performance.now();
  await Promise.all(
    opts.lanes.map(async (cookies) => {
      for (const cookie of cookies) {
        if (Date.now() >= opts.deadline) return;
        attempted++;
        await opts.tally.attempt(opts.baseUrl, cookie);
      }
    }),
  );
  return { attempted, seconds: (performance.now() - t0) / 1000 };
}
