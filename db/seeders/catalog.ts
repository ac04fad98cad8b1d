// The shop's opening catalog: the products a new shop starts with (server/seed.server.ts creates them through the
// admin's own code path, once each): personalised prints as files, posters and both, plain goods, and print credits.
import type { PrintSize } from '#core/design/themes.ts';
import type { VariantFormat } from '#core/pricing.ts';
import type { GoodArt, ProductKind } from '../entities/product';

export interface SeedVariant {
  sku: string;
  title: string;
  format: VariantFormat;
  printSize?: PrintSize;
  price: number;
  /** Packed, for what ships. */
  weightGrams?: number;
  /** A credit pack: the print credits paying for it grants. */
  grantsCredits?: number;
  /** Made and shipped by the print provider, as this product of its catalogue (Gelato productUid). */
  providerProductId?: string;
}

/** Gelato's 50×70 cm poster on 170 g/m² coated silk paper, one side printed (its catalogue's productUid). */
const GELATO_POSTER_50X70 = 'large-posters_pf_500x700-mm_pt_170-gsm-coated-silk_cl_4-0_ver';

export interface SeedProduct {
  slug: string;
  title: string;
  description: string;
  kind: ProductKind;
  art?: GoodArt;
  personalisable: boolean;
  variants: SeedVariant[];
}

export const CATALOG: SeedProduct[] = [
  {
    slug: 'night-sky-print-digital',
    title: 'Night Sky Print — Digital Download',
    description:
      'Your moment under its own sky: a personalised print with your title, place and date, delivered as a print-ready PNG (300 dpi) and a vector PDF you can print anywhere.',
    kind: 'print',
    personalisable: true,
    variants: [
      { sku: 'NSP-DIG-A4', title: 'A4 digital files', format: 'digital', printSize: 'A4', price: 1500 },
      { sku: 'NSP-DIG-A3', title: 'A3 digital files', format: 'digital', printSize: 'A3', price: 1900 },
      { sku: 'NSP-DIG-50X70', title: '50×70 cm digital files', format: 'digital', printSize: '50x70', price: 2400 },
    ],
  },
  {
    slug: 'night-sky-poster',
    title: 'Night Sky Poster',
    description: 'The same personalised design printed on 200 g/m² matte archival paper and shipped rolled in a sturdy tube.',
    kind: 'print',
    personalisable: true,
    variants: [
      { sku: 'NSP-PHY-A4', title: 'A4 poster', format: 'physical', printSize: 'A4', price: 3500, weightGrams: 300 },
      { sku: 'NSP-PHY-A3', title: 'A3 poster', format: 'physical', printSize: 'A3', price: 4500, weightGrams: 400 },
      {
        sku: 'NSP-PHY-50X70',
        title: '50×70 cm poster',
        format: 'physical',
        printSize: '50x70',
        price: 7900,
        weightGrams: 650,
        providerProductId: GELATO_POSTER_50X70,
      },
    ],
  },
  {
    slug: 'night-sky-bundle',
    title: 'Night Sky Bundle — Poster + Files',
    description: 'The printed poster shipped to you, plus the print-ready digital files to keep or print again.',
    kind: 'print',
    personalisable: true,
    variants: [
      { sku: 'NSP-BUN-A3', title: 'A3 poster + files', format: 'bundle', printSize: 'A3', price: 5500, weightGrams: 400 },
      {
        sku: 'NSP-BUN-50X70',
        title: '50×70 cm poster + files',
        format: 'bundle',
        printSize: '50x70',
        price: 8900,
        weightGrams: 650,
        providerProductId: GELATO_POSTER_50X70,
      },
    ],
  },
  {
    slug: 'oak-frame',
    title: 'Solid Oak Frame',
    description: 'A hand-finished solid oak frame with shatter-proof acrylic glazing, made to fit our posters.',
    kind: 'good',
    art: 'frame',
    personalisable: false,
    variants: [
      { sku: 'FRM-OAK-A4', title: 'A4 frame', format: 'physical', price: 3900, weightGrams: 1200 },
      { sku: 'FRM-OAK-A3', title: 'A3 frame', format: 'physical', price: 4900, weightGrams: 1800 },
      { sku: 'FRM-OAK-50X70', title: '50×70 cm frame', format: 'physical', price: 8900, weightGrams: 3500 },
    ],
  },
  {
    slug: 'canvas-tote',
    title: 'Organic Canvas Tote',
    description: 'A heavy organic-cotton tote, screen printed by hand in our studio.',
    kind: 'good',
    art: 'tote',
    personalisable: false,
    variants: [{ sku: 'TOTE-NAT', title: 'Natural', format: 'physical', price: 2400, weightGrams: 250 }],
  },
  {
    slug: 'stoneware-mug',
    title: 'Stoneware Mug',
    description: 'A speckled stoneware mug, glazed and fired in small batches. Dishwasher safe.',
    kind: 'good',
    art: 'mug',
    personalisable: false,
    variants: [
      { sku: 'MUG-SPK', title: 'Speckled white', format: 'physical', price: 2200, weightGrams: 450 },
      { sku: 'MUG-MID', title: 'Midnight blue', format: 'physical', price: 2200, weightGrams: 450 },
    ],
  },
  {
    slug: 'print-credits',
    title: 'Print credits',
    description:
      'Pay for personalised digital prints with credits: each set of print-ready files takes one credit instead of its price. The credits are added to your account when the pack is paid.',
    kind: 'good',
    art: 'card',
    personalisable: false,
    variants: [
      { sku: 'CREDITS-5', title: '5 print credits', format: 'digital', price: 4000, grantsCredits: 5 },
      { sku: 'CREDITS-10', title: '10 print credits', format: 'digital', price: 7500, grantsCredits: 10 },
    ],
  },
];
