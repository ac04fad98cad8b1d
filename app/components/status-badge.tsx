export type StatusTone = 'pending' | 'paid' | 'cancelled' | 'shipped' | 'refunded' | 'neutral';

// Order, payment, download and email statuses all map onto a handful of colours.
const TONES: Record<string, StatusTone> = {
  pending: 'pending',
  awaiting_payment: 'pending',
  processing: 'pending',
  rendering: 'pending',
  queued: 'pending',
  paid: 'paid',
  ready: 'paid',
  fulfilled: 'paid',
  delivered: 'paid',
  sent: 'paid',
  succeeded: 'paid',
  shipped: 'shipped',
  partially_refunded: 'refunded',
  refunded: 'refunded',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  expired: 'cancelled',
  failed: 'cancelled',
  revoked: 'cancelled',
};

export function statusTone(status: string): StatusTone {
  return TONES[status] ?? 'neutral';
}

/** "partially_refunded" → "Partially refunded". */
export function statusLabel(status: string): string {
  const words = status.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface StatusBadgeProps {
  status: string;
  /** Overrides the label derived from the status. */
  label?: string;
  className?: string;
}

export function StatusBadge({ status, label, className }: StatusBadgeProps) {
  const tone = statusTone(status);
  const classes = ['status-badge', tone === 'neutral' ? null : `status-badge--${tone}`, className].filter(Boolean).join(' ');
  return (
    <span className={classes} data-status={status}>
      {label ?? statusLabel(status)}
    </span>
  );
}
