import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122053819 } from './Migration20261122053819';
import { Migration20261122090108 } from './Migration20261122090108';
import { Migration20261122102233 } from './Migration20261122102233';
import { Migration20261122103239 } from './Migration20261122103239';
import { Migration20261122110717 } from './Migration20261122110717';
import { Migration20261130230430 } from './Migration20261130230430';
import { Migration20261201025622 } from './Migration20261201025622';
import { Migration20261201055922 } from './Migration20261201055922';
import { Migration20261203135554 } from './Migration20261203135554';
import { Migration20261203143921 } from './Migration20261203143921';
import { Migration20261203171143 } from './Migration20261203171143';
import { Migration20261203205740 } from './Migration20261203205740';
import { Migration20261203221500 } from './Migration20261203221500';
import { Migration20261204060000 } from './Migration20261204060000';
import { Migration20261204063000 } from './Migration20261204063000';
import { Migration20261204100000 } from './Migration20261204100000';
import { Migration20261204120000 } from './Migration20261204120000';

// Migrations are listed explicitly so they run the same from tsx, the Remix bundle or a container.
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122053819', class: Migration20261122053819 },
  // Accounts: sessions and magic sign-in links.
  { name: 'Migration20261122090108', class: Migration20261122090108 },
  // Fulfillment: tracking on orders.
  { name: 'Migration20261122102233', class: Migration20261122102233 },
  // Refunds.
  { name: 'Migration20261122103239', class: Migration20261122103239 },
  // Downloads (rendered files).
  { name: 'Migration20261122110717', class: Migration20261122110717 },
  // Promo codes.
  { name: 'Migration20261130230430', class: Migration20261130230430 },
  // Drip campaigns, suppressions, email headers and delivery status, cart reminders.
  { name: 'Migration20261201025622', class: Migration20261201025622 },
  // Idle carts stay active (idle is derived from last_activity_at): the ones the cart-upkeep marked abandoned go back.
  { name: 'Migration20261201055922', class: Migration20261201055922 },
  // Account deletions (GDPR erasure requests) and users.deleted_at.
  { name: 'Migration20261203135554', class: Migration20261203135554 },
  // Stock levels of physical variants, the stock movement log, and orders' hold on stock.
  { name: 'Migration20261203143921', class: Migration20261203143921 },
  // The admin catalog: product status, photos, compare-at price, weight; the price a cart line was added at.
  { name: 'Migration20261203171143', class: Migration20261203171143 },
  // Taxes and invoices: tax category per variant, VAT per order and line, invoices and credit notes.
  { name: 'Migration20261203205740', class: Migration20261203205740 },
  // Invoice corrections: the invoice that replaced an invoice, a credit note's reason; one current invoice per order.
  { name: 'Migration20261203221500', class: Migration20261203221500 },
  // The points and credits ledger (accounts, transfers, append-only entries, points lots); points an order and a cart spend.
  { name: 'Migration20261204060000', class: Migration20261204060000 },
  // Print credits: variants' price in credits and credit packs; credits per order line; a cart paying files with credits.
  { name: 'Migration20261204063000', class: Migration20261204063000 },
  // Print-on-demand: a variant's fulfilment (manual or provider) and provider product, per order line too; provider orders.
  { name: 'Migration20261204100000', class: Migration20261204100000 },
  // Memberships: plans, members and their period invoices; the local payment stand-in's subscriptions and events.
  { name: 'Migration20261204120000', class: Migration20261204120000 },
];
