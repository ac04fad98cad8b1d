// /account/points' print credits: what is available, what orders hold until their files are made, and every change,
// newest first, with its order. Plain links only: works without JavaScript.
import { Link } from '@remix-run/react';
import { LedgerHistoryTable } from '#app/components/account/ledger-history-table.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { creditsText } from '#core/credits-display.ts';
import type { CreditsView } from '#server/ledger/credits-views.server.ts';

export function PrintCredits({ credits, href }: { credits: CreditsView; href: (page: number) => string }) {
  const { balance, history } = credits;
  return (
    <section aria-labelledby="credits-h" className="stack">
      <h2 id="credits-h">Print credits</h2>
      <p>
        Print credits pay for personalised digital files instead of their price. They come in packs, added to your account when the pack is
        paid. At checkout the credits your files need are held, spent once the files are made, and given back if they cannot be made or the
        order is cancelled.
      </p>
      <dl className="account-facts">
        <dt>Available</dt>
        <dd data-testid="credits-available">{creditsText(balance.available)}</dd>
        <dt>Held for orders</dt>
        <dd data-testid="credits-held">
          {creditsText(balance.reserved)}
          {balance.reserved > 0 ? <span className="muted"> (spent when the files are made, back if they cannot be)</span> : null}
        </dd>
      </dl>
      {history.total === 0 ? (
        <p>No print credits yet.</p>
      ) : history.entries.length === 0 ? (
        <p>
          There is no page {history.page} of your credits. <Link to={href(1)}>Back to the first page</Link>.
        </p>
      ) : (
        <LedgerHistoryTable
          entries={history.entries}
          caption="Changes to your print credits, newest first"
          buckets={['available', 'reserved']}
          testId="credits-entries"
        />
      )}
      <Pagination page={history.page} pages={history.pages} href={href} label="Pages of print credits" />
    </section>
  );
}
