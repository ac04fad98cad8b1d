import { formatMoney } from '#core/money.ts';

export interface PriceProps {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
  className?: string;
}

export function Price({ amount, currency, className }: PriceProps) {
  return <span className={className ? `price ${className}` : 'price'}>{formatMoney(amount, currency)}</span>;
}
