import { Link, useFetcher } from '@remix-run/react';
import { PersonalisationSummary } from '#app/components/personalisation-summary.tsx';
import { Price } from '#app/components/price.tsx';
import { ProductImage } from '#app/components/product-image.tsx';
import type { CartLineView } from '#app/utils/cart.server.ts';
import type { action, CartFormReply } from '#app/routes/cart.tsx';
import { blocksCheckout, cartNoticeText } from '#core/cart-check.ts';
import { cartIntents } from '#core/schemas/cart.ts';
import { RemoveItemForm, removeItemFetcherKey } from './remove-item-form.tsx';
import { UpdateQuantityForm } from './update-quantity-form.tsx';

/** One line of the cart: what it is, its quantity form, its total and its remove form. */
export function CartLine({ line, reply }: { line: CartLineView; reply?: CartFormReply | null }) {
  const remove = useFetcher<typeof action>({ key: removeItemFetcherKey(line.id) });
  if (remove.state !== 'idle') return null; // optimistic removal
  // Without JavaScript the page itself posted: its answer belongs to this line's form of that intent.
  const mine = reply?.itemId === line.id ? reply : null;
  const p = line.personalisation;
  return (
    <li className="cart-item" data-testid="cart-item">
      <div className="cart-item__thumb">
        {line.photo && !p ? (
          <img src={line.photo.src} alt={line.photo.alt} className="poster-thumb photo-thumb" loading="lazy" decoding="async" />
        ) : (
          <ProductImage
            kind={line.art ? 'good' : 'print'}
            art={(line.art as 'frame') ?? null}
            printSize={line.printSize}
            personalisation={p}
            className="poster-thumb"
          />
        )}
      </div>
      <div>
        <h2 className="cart-item__title">
          <Link to={`/products/${line.productSlug}`}>{line.productTitle}</Link>
        </h2>
        <p className="muted">{line.variantTitle}</p>
        {p ? <PersonalisationSummary personalisation={p} /> : null}
        {line.notice ? (
          <p className={blocksCheckout(line.notice) ? 'field-error' : 'stock-note'} data-testid="cart-notice">
            {cartNoticeText(line.notice, 'eur')}
          </p>
        ) : null}
      </div>
      <UpdateQuantityForm line={line} lastResult={mine?.intent === cartIntents.updateQuantity ? mine.result : undefined} />
      <p className="cart-item__total">
        <Price amount={line.lineTotal} currency="eur" />
      </p>
      <RemoveItemForm line={line} fetcher={remove} lastResult={mine?.intent === cartIntents.removeItem ? mine.result : undefined} />
    </li>
  );
}
