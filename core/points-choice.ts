// The points a customer chooses to spend on a checkout, as typed into the cart's checkout form.

export interface PointsOffer {
  /** Points the customer can use now. */
  available: number;
  /** The most this cart can take: at most what is available and what its goods are worth. */
  maxUsable: number;
  /** What the cart is set to use (0: none). */
  selected: number;
  /** What one point is worth, minor units. */
  pointValue: number;
  currency: string;
}

export interface CreditsOffer {
  /** Print credits the customer can use now. */
  available: number;
  /** What the cart's files take (a credit each unless priced otherwise). */
  needed: number;
  /** Whether the cart is set to pay its files with credits. */
  selected: boolean;
}

export type PointsChoice = { ok: true; points: number } | { ok: false; message: string };

/** Reads the form's `points` field: blank is none; otherwise a whole number within what the offer allows. */
export function parsePointsChoice(raw: string | null, offer: PointsOffer | null): PointsChoice {
  const text = (raw ?? '').trim();
  if (text === '' || text === '0') return { ok: true, points: 0 };
  if (!/^\d{1,9}$/.test(text)) return { ok: false, message: 'Enter a whole number of points, or leave it empty to use none.' };
  const points = Number(text);
  if (!offer) return { ok: false, message: 'Sign in to use your points.' };
  if (points > offer.available) {
    return { ok: false, message: `You have ${offer.available.toLocaleString('en-IE')} points available.` };
  }
  if (points > offer.maxUsable) {
    return {
      ok: false,
      message: `At most ${offer.maxUsable.toLocaleString('en-IE')} points can be used on this order (its goods’ worth).`,
    };
  }
  return { ok: true, points };
}
