// The dashboard's low-stock list: tracked items at or under their threshold, sold out first.
import { Link } from '@remix-run/react';

export interface LowStockItem {
  variantId: number;
  sku: string;
  product: string;
  variant: string;
  available: number | null;
}

export function LowStock({ items }: { items: LowStockItem[] }) {
  const sorted = [...items].sort((a, b) => (a.available ?? 0) - (b.available ?? 0));
  return (
    <>
      <h3>{`Low stock (${items.length})`}</h3>
      {sorted.length ? (
        <ul data-testid="low-stock">
          {sorted.map((i) => (
            <li key={i.variantId}>
              {`${i.product} — ${i.variant}`} (<code>{i.sku}</code>): {i.available === 0 ? 'sold out' : `${i.available} left`}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}
      <p>
        <Link to="/admin/stock">Stock</Link>
      </p>
    </>
  );
}
