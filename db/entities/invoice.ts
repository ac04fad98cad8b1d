import { EntitySchema } from '@mikro-orm/core';
import type { InvoiceLineData, InvoiceRateTotalData } from '#core/invoice-lines.ts';
import type { TaxBehavior } from '#core/tax.ts';
import { BaseEntity, BaseEntitySchema } from './base';
import { Order } from './order';

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** Who sells or buys, as printed on the invoice. */
export interface InvoiceParty {
  name: string;
  /** Address lines, printed one per line. */
  address: string[];
  country: string | null;
  vatNumber: string | null;
  email?: string | null;
}

/** One line as invoiced, and the totals per rate (core/invoice-lines.ts): amounts positive, rates in basis points. */
export type InvoiceLine = InvoiceLineData;
export type InvoiceRateTotal = InvoiceRateTotalData;

/**
 * An invoice (series INV) or a credit note (series CN) as issued: numbered from a gapless per-year series
 * (invoice_counters), never edited or deleted. A correction is a credit note and a new invoice (correctedBy); an order
 * has one current invoice (kind 'invoice', correctedBy null).
 */
export class Invoice extends BaseEntity {
  number: string;
  kind: InvoiceKind;
  year: number;
  sequence: number;
  order: Order;
  /** The refund a credit note reverses (unique: one credit note per refund). */
  refundId: number | null = null;
  /** The invoice a credit note refers to. */
  creditedInvoice: Invoice | null = null;
  /** The invoice that replaced this one when its buyer was corrected; the order's current invoice has none. */
  correctedBy: Invoice | null = null;
  /** Why a correction's credit note was issued, as the admin wrote it (refunds' credit notes have none). */
  reason: string | null = null;
  issuedAt: Date;
  currency: string;
  taxBehavior: TaxBehavior;
  taxCountry: string | null = null;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  lines: InvoiceLine[];
  rates: InvoiceRateTotal[];
  net: number;
  tax: number;
  gross: number;
  /** Where its PDF is kept in the shop's storage, once stored. */
  pdfKey: string | null = null;
  pdfStoredAt: Date | null = null;

  constructor(props: {
    number: string;
    kind: InvoiceKind;
    year: number;
    sequence: number;
    order: Order;
    issuedAt: Date;
    currency: string;
    taxBehavior: TaxBehavior;
    seller: InvoiceParty;
    buyer: InvoiceParty;
    lines: InvoiceLine[];
    rates: InvoiceRateTotal[];
    net: number;
    tax: number;
    gross: number;
  }) {
    super();
    this.number = props.number;
    this.kind = props.kind;
    this.year = props.year;
    this.sequence = props.sequence;
    this.order = props.order;
    this.issuedAt = props.issuedAt;
    this.currency = props.currency;
    this.taxBehavior = props.taxBehavior;
    this.seller = props.seller;
    this.buyer = props.buyer;
    this.lines = props.lines;
    this.rates = props.rates;
    this.net = props.net;
    this.tax = props.tax;
    this.gross = props.gross;
  }
}

/** The last number issued in a series (INV, CN) and year; incremented under its row lock in the issuing transaction. */
export class InvoiceCounter {
  series: string;
  year: number;
  last: number;

  constructor(series: string, year: number, last = 0) {
    this.series = series;
    this.year = year;
    this.last = last;
  }
}

export const InvoiceSchema = new EntitySchema<Invoice, BaseEntity>({
  class: Invoice,
  extends: BaseEntitySchema,
  tableName: 'invoices',
  uniques: [{ properties: ['kind', 'year', 'sequence'] }],
  indexes: [{ properties: ['issuedAt'] }],
  properties: {
    number: { type: 'string', length: 32, unique: true },
    kind: { enum: true, items: () => [...INVOICE_KINDS] },
    year: { type: 'integer' },
    sequence: { type: 'integer' },
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'restrict', index: true },
    refundId: { type: 'integer', nullable: true, unique: true },
    creditedInvoice: { kind: 'm:1', entity: () => Invoice, nullable: true, deleteRule: 'restrict' },
    // Checked at commit: the old invoice stops being current before its replacement is inserted (correct-invoice.server.ts).
    correctedBy: { kind: 'm:1', entity: () => Invoice, nullable: true, unique: true, deleteRule: 'restrict', deferMode: 'deferred' },
    reason: { type: 'text', nullable: true },
    issuedAt: { type: 'datetime' },
    currency: { type: 'string', length: 3 },
    taxBehavior: { type: 'string', length: 10 },
    taxCountry: { type: 'string', length: 2, nullable: true },
    seller: { type: 'json' },
    buyer: { type: 'json' },
    lines: { type: 'json' },
    rates: { type: 'json' },
    net: { type: 'integer' },
    tax: { type: 'integer' },
    gross: { type: 'integer' },
    pdfKey: { type: 'string', length: 200, nullable: true },
    pdfStoredAt: { type: 'datetime', nullable: true },
  },
});

export const InvoiceCounterSchema = new EntitySchema<InvoiceCounter>({
  class: InvoiceCounter,
  tableName: 'invoice_counters',
  properties: {
    series: { type: 'string', length: 8, primary: true },
    year: { type: 'integer', primary: true },
    last: { type: 'integer', default: 0 },
  },
});
