// An order's invoice and credit notes: number, date and amount, each linking to its PDF once stored ("being
// prepared" until then). The customer's pages link with signed links, the admin's to /admin/invoices/.
import { Price } from '#app/components/price.tsx';
import { formatOrderDate } from '#core/order-display.ts';
import { DOCUMENT_KIND_LABELS } from '#core/order-tax-display.ts';
import type { OrderDocumentView } from '#server/orders/order-view.server.ts';

export function OrderDocuments({ documents, expected }: { documents: OrderDocumentView[]; expected: boolean }) {
  if (documents.length === 0 && !expected) return null;
  const heading = documents.some((d) => d.kind === 'credit_note') ? 'Invoice and credit notes' : 'Invoice';
  return (
    <section aria-labelledby="documents-h" className="stack" data-testid="order-documents">
      <h2 id="documents-h">{heading}</h2>
      {documents.length ? (
        <ul className="stack">
          {documents.map((d) => {
            const name = `${DOCUMENT_KIND_LABELS[d.kind]} ${d.number}`;
            return (
              <li key={d.number}>
                {d.href ? (
                  <a href={d.href}>{name} (PDF)</a>
                ) : (
                  <>
                    {name} <span className="muted">— being prepared</span>
                  </>
                )}{' '}
                <span className="muted">
                  · <time dateTime={d.issuedAt}>{formatOrderDate(d.issuedAt)}</time> ·{' '}
                  <Price amount={d.kind === 'credit_note' ? -d.gross : d.gross} currency={d.currency} />
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">Invoice being prepared. Refresh the page in a moment to download it.</p>
      )}
    </section>
  );
}
