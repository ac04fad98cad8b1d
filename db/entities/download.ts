import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';
import { Order, OrderItem } from './order';

/** pending → rendering → ready | failed; revoked by a full refund (and never served again). */
export const DOWNLOAD_STATUSES = ['pending', 'rendering', 'ready', 'failed', 'revoked'] as const;
export type DownloadStatus = (typeof DOWNLOAD_STATUSES)[number];

export const DOWNLOAD_KINDS = ['png', 'pdf'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

/** One print-ready file of a digital order item (a PNG and a PDF per item); the bytes live in storage. */
export class Download extends BaseEntity {
  order: Order;
  item: OrderItem;
  kind: DownloadKind;
  status: DownloadStatus & Opt = 'pending';
  /** 0–100 while rendering, for the order page's progress bar. */
  progress: number & Opt = 0;
  /** Where the bytes are in storage; never sent to a browser. */
  storageKey: string | null = null;
  fileName: string;
  contentType: string;
  size: number | null = null;
  /** SHA-256 of the bytes, hex. */
  checksum: string | null = null;
  /** Pixel size (PNG) or page size in points (PDF), for the order page. */
  width: number | null = null;
  height: number | null = null;
  error: string | null = null;
  /** Renders started for this file (retries and re-renders included). */
  attempts: number & Opt = 0;
  renderedAt: Date | null = null;
  revokedAt: Date | null = null;
  /** Part of every signed link: an admin's "regenerate links" bumps it, and older links stop working. */
  linkVersion: number & Opt = 1;
  /** Served through /files/ (customer and admin links alike). */
  downloadCount: number & Opt = 0;
  lastDownloadedAt: Date | null = null;

  constructor(props: { order: Order; item: OrderItem; kind: DownloadKind; fileName: string; contentType: string }) {
    super();
    this.order = props.order;
    this.item = props.item;
    this.kind = props.kind;
    this.fileName = props.fileName;
    this.contentType = props.contentType;
  }
}

export const DownloadSchema = new EntitySchema<Download, BaseEntity>({
  class: Download,
  extends: BaseEntitySchema,
  tableName: 'downloads',
  uniques: [{ properties: ['item', 'kind'] }],
  properties: {
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'cascade', index: true },
    item: { kind: 'm:1', entity: () => OrderItem, deleteRule: 'cascade' },
    kind: { enum: true, items: () => [...DOWNLOAD_KINDS] },
    status: { enum: true, items: () => [...DOWNLOAD_STATUSES], default: 'pending' },
    progress: { type: 'integer', default: 0 },
    storageKey: { type: 'string', length: 500, nullable: true },
    fileName: { type: 'string', length: 200 },
    contentType: { type: 'string', length: 100 },
    size: { type: 'integer', nullable: true },
    checksum: { type: 'string', length: 64, nullable: true },
    width: { type: 'integer', nullable: true },
    height: { type: 'integer', nullable: true },
    error: { type: 'text', nullable: true },
    attempts: { type: 'integer', default: 0 },
    renderedAt: { type: 'datetime', nullable: true },
    revokedAt: { type: 'datetime', nullable: true },
    linkVersion: { type: 'integer', default: 1 },
    downloadCount: { type: 'integer', default: 0 },
    lastDownloadedAt: { type: 'datetime', nullable: true },
  },
});
