import { Price } from '#app/components/price.tsx';
import { formatMoney } from '#core/money.ts';

/** A variant's price, with its former price struck through when the admin set one. */
export function VariantPrice({ variant }: { variant: { price: number; compareAtPrice: number | null; currency: string } }) {
  if (variant.compareAtPrice == null || variant.compareAtPrice <= variant.price)
    return <Price amount={variant.price} currency={variant.currency} />;
  return (
    <span className="price-reduced">
      <Price amount={variant.price} currency={variant.currency} />{' '}
      <s className="price-former">
        <span className="visually-hidden">was </span>
        {formatMoney(variant.compareAtPrice, variant.currency)}
      </s>
    </span>
  );
}
