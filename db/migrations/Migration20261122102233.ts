import { Migration } from '@mikro-orm/migrations';
// Fulfillment: carrier, tracking and the shipped / delivered times on orders.

export class Migration20261122102233 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "orders" add column "carrier" varchar(80) null, add column "tracking_number" varchar(80) null, add column "tracking_url" varchar(500) null, add column "shipped_at" timestamptz null, add column "delivered_at" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "orders" drop column "carrier", drop column "tracking_number", drop column "tracking_url", drop column "shipped_at", drop column "delivered_at";`,
    );
  }
}
