// /dev/provider: the print provider stand-in's orders, and buttons to do what Gelato would — move an order on,
// fail it, send its webhook twice or out of order, be away for a minute. Without GELATO_API_KEY only; with it,
// the page says the real Gelato is used. Loopback clients only, like every /dev page (dev-routes.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useLoaderData } from '@remix-run/react';
import { ProviderOrder, providerOrderView } from '#app/components/dev/provider-order.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';
import { getEnv } from '#server/env.server.ts';
import { standInOrderAction, standInOrders, standInOutage } from '#server/print-provider/stand-in/control-client.server.ts';

const OUTAGE_SECONDS = 60;
const ORDER_ID = /^[\w-]{1,100}$/;
/** The newest orders shown; older ones stay at the stand-in. */
const SHOWN = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const search = new URL(request.url).searchParams;
  const notice = search.get('message') ? { text: search.get('message')!.slice(0, 500), error: search.get('error') === '1' } : null;
  if (env.printProviderMode === 'gelato') {
    return json({ mode: 'gelato' as const, gelatoUrl: env.GELATO_API_URL, notice, standIn: null, problem: null });
  }
  const answer = await standInOrders();
  if (!answer.ok) return json({ mode: 'local' as const, gelatoUrl: null, notice, standIn: null, problem: answer.message });
  const { orders, ...settings } = answer.value;
  return json({
    mode: 'local' as const,
    gelatoUrl: null,
    notice,
    standIn: {
      url: env.PRINT_PROVIDER_STAND_IN_URL,
      ...settings,
      total: orders.length,
      orders: orders.slice(0, SHOWN).map(providerOrderView),
    },
    problem: null,
  });
}

function back(message: string, opts: { error?: boolean; orderId?: string } = {}) {
  const search = new URLSearchParams({ message, ...(opts.error ? { error: '1' } : {}) });
  return redirect(`/dev/provider?${search}${opts.orderId ? `#${opts.orderId}` : ''}`, 303);
}

export async function action({ request }: ActionFunctionArgs) {
  if (getEnv().printProviderMode !== 'local') throw new Response('Not found', { status: 404 });
  const form = await request.formData();
  const intent = form.get('intent');
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };
  if (intent === 'outage' || intent === 'end-outage') {
    const answer = await standInOutage(intent === 'outage' ? OUTAGE_SECONDS : 0);
    if (!answer.ok) return back(answer.message, { error: true });
    return back(intent === 'outage' ? `Outage for ${OUTAGE_SECONDS} s: every Gelato API call answers 503.` : 'The outage is over.');
  }
  const orderId = text('orderId');
  if (!orderId || !ORDER_ID.test(orderId)) return new Response('orderId is missing or malformed', { status: 400 });
  let answer;
  switch (intent) {
    case 'advance':
      answer = await standInOrderAction(orderId, 'advance');
      break;
    case 'fail':
      answer = await standInOrderAction(orderId, 'fail', { reason: text('reason')?.slice(0, 300) ?? null });
      break;
    case 'redeliver':
      answer = await standInOrderAction(orderId, 'redeliver', { times: 1 });
      break;
    case 'send-status':
      answer = await standInOrderAction(orderId, 'send-status', { status: text('status') });
      break;
    default:
      return new Response(`Unknown action ${JSON.stringify(typeof intent === 'string' ? intent.slice(0, 40) : null)}`, { status: 400 });
  }
  if (!answer.ok) return back(answer.message, { error: true, orderId });
  const { order } = answer.value;
  const done: Record<string, string> = {
    advance: `${order.orderReferenceId} is now ${order.fulfillmentStatus}.`,
    fail: `${order.orderReferenceId} failed: ${order.failureReason ?? ''}`,
    redeliver: `${order.orderReferenceId}: its latest event was sent again, with the same event id.`,
    'send-status': `${order.orderReferenceId}: an old status (${text('status') ?? 'the previous one'}) was sent with a new event id; the order did not change.`,
  };
  return back(done[intent] ?? 'Done.', { orderId });
}

export const meta: MetaFunction = () => [{ title: 'Print provider — Atelier (dev)' }];

export default function DevProvider() {
  const { mode, gelatoUrl, notice, standIn, problem } = useLoaderData<typeof loader>();
  // Webhook attempts and scheduled steps change on their own: the page follows them while it is open.
  useRevalidateEvery(mode === 'local' ? 3000 : null);
  return (
    <div className="stack">
      <h1>Print provider</h1>
      {notice ? (
        <p className={`alert ${notice.error ? 'alert-error' : 'alert-success'}`} role="status">
          {notice.text}
        </p>
      ) : null}
      {mode === 'gelato' ? (
        <p className="alert alert-info">
          GELATO_API_KEY is set: print orders go to the real Gelato ({gelatoUrl}), which prints and ships them. The local stand-in is not
          used; see the orders in Gelato&apos;s dashboard.
        </p>
      ) : null}
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      {standIn ? (
        <>
          <p className="muted">
            The local stand-in for Gelato at <code>{standIn.url}</code> (GELATO_API_KEY is unset: nothing is printed). Orders move one step{' '}
            {standIn.stepSeconds > 0 ? `every ${standIn.stepSeconds} s` : 'only with the buttons below'}; webhooks go to{' '}
            <code>{standIn.webhookUrl}</code>. <Link to="/dev/provider">Refresh</Link>
          </p>
          <Form method="post" className="cluster">
            {standIn.outageUntil ? (
              <>
                <span className="alert alert-warning">
                  Outage until {new Date(standIn.outageUntil).toISOString().slice(11, 19)} UTC: the Gelato API answers 503.
                </span>
                <SubmitButton name="intent" value="end-outage" variant="secondary" className="btn-small">
                  End the outage
                </SubmitButton>
              </>
            ) : (
              <SubmitButton name="intent" value="outage" variant="secondary" className="btn-small">
                Outage for {OUTAGE_SECONDS} s
              </SubmitButton>
            )}
          </Form>
          {standIn.orders.length === 0 ? (
            <p>No print orders yet: they appear once a paid order with provider-made items is sent here.</p>
          ) : null}
          {standIn.total > standIn.orders.length ? (
            <p className="muted">
              The newest {standIn.orders.length} of {standIn.total} orders.
            </p>
          ) : null}
          <ul className="stack">
            {standIn.orders.map((o) => (
              <ProviderOrder key={o.id} order={o} />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
