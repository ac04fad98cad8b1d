// How print credits read: "1 credit", "1,250 credits". Pure: used by the customer's and the admin's pages.

/** "1 credit", "1,250 credits". */
export function creditsText(credits: number): string {
  return `${credits.toLocaleString('en-IE')} ${Math.abs(credits) === 1 ? 'credit' : 'credits'}`;
}
