// VAT rates (basis points) per destination country the shop charges VAT in: the standard rate, and where a country
// has one, the reduced rate for printed matter (books, posters and prints as the shop's tax category groups them) and
// for digital goods. Countries absent here (GB, US, CA: outside the EU VAT area) are charged no VAT. The shop owner
// checks this table against the current rates for their own goods before selling; Stripe mode uses Stripe Tax's
// rates instead. Digital goods follow the one-stop-shop rule: the customer's country decides.

export interface CountryRates {
  name: string;
  standard: number;
  printed_matter?: number;
  digital?: number;
}

export const TAX_RATES: Record<string, CountryRates> = {
  AT: { name: 'Austria', standard: 2000, printed_matter: 1000 },
  BE: { name: 'Belgium', standard: 2100, printed_matter: 600 },
  DE: { name: 'Germany', standard: 1900, printed_matter: 700 },
  DK: { name: 'Denmark', standard: 2500 },
  ES: { name: 'Spain', standard: 2100, printed_matter: 400 },
  FI: { name: 'Finland', standard: 2550, printed_matter: 1400 },
  FR: { name: 'France', standard: 2000, printed_matter: 550 },
  IE: { name: 'Ireland', standard: 2300, printed_matter: 0 },
  IT: { name: 'Italy', standard: 2200, printed_matter: 400 },
  NL: { name: 'Netherlands', standard: 2100, printed_matter: 900 },
  PT: { name: 'Portugal', standard: 2300, printed_matter: 600 },
  SE: { name: 'Sweden', standard: 2500, printed_matter: 600 },
};

export function countryName(code: string | null | undefined): string {
  if (!code) return 'unknown country';
  return TAX_RATES[code.toUpperCase()]?.name ?? code.toUpperCase();
}
