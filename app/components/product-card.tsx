import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Price } from './price';

export interface ProductCardProps {
  href: string;
  title: string;
  /** Lowest variant price, minor units. */
  fromPrice: number;
  currency: string;
  /** The image: a PrintDesign (give it className="poster-thumb") or a ProductArt. */
  art: ReactNode;
  /** "From" only makes sense when variants differ in price. */
  showFrom?: boolean;
}

export function ProductCard({ href, title, fromPrice, currency, art, showFrom = true }: ProductCardProps) {
  return (
    <article className="product-card">
      <div className="product-card__media" aria-hidden="true">
        {art}
      </div>
      <div className="product-card__body">
        <h2 className="product-card__title">
          <Link to={href} prefetch="intent">
            {title}
          </Link>
        </h2>
        <p className="product-card__price">
          {showFrom ? 'From ' : null}
          <Price amount={fromPrice} currency={currency} />
        </p>
      </div>
    </article>
  );
}
