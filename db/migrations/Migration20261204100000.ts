import { Migration } from '@mikro-orm/migrations';

/**
 * Print-on-demand: how a physical variant is fulfilled (by hand, or by the print provider with the provider's product),
 * copied onto each order line when ordered; one row per submission of an order's provider part to the provider, with
 * its status, cost and tracking.
 */
export class Migration20261204100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "product_variants" add column "fulfilment" varchar(10) not null default 'manual' check ("fulfilment" in ('manual', 'provider')), add column "provider_product_id" varchar(200) null, add constraint "product_variants_provider_product_check" check ("fulfilment" = 'manual' or "provider_product_id" is not null);`,
    );
    this.addSql(
      `alter table "order_items" add column "fulfilment" varchar(10) null check ("fulfilment" in ('manual', 'provider')), add column "provider_product_id" varchar(200) null;`,
    );
    this.addSql(`create table "provider_orders" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "order_id" int not null references "orders" ("id") on delete cascade,
      "attempt" int not null check ("attempt" > 0),
      "reference" varchar(64) not null unique,
      "provider" varchar(20) not null,
      "provider_order_id" varchar(100) null unique,
      "status" varchar(20) not null default 'submitting' check ("status" in ('submitting', 'submitted', 'in_production', 'shipped', 'delivered', 'failed', 'cancelled')),
      "provider_status" varchar(40) null,
      "failure_reason" text null,
      "last_error" text null,
      "submit_tries" int not null default 0,
      "cost" int null,
      "cost_currency" varchar(3) null,
      "cancellation_fee" int null,
      "carrier" varchar(80) null,
      "tracking_number" varchar(80) null,
      "tracking_url" varchar(500) null,
      "shipping_address" jsonb not null,
      "submitted_at" timestamptz null,
      "shipped_at" timestamptz null,
      "delivered_at" timestamptz null,
      "cancelled_at" timestamptz null,
      "shipped_email_sent_at" timestamptz null,
      unique ("order_id", "attempt")
    );`);
    this.addSql(`create index "provider_orders_status_index" on "provider_orders" ("status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "provider_orders";`);
    this.addSql(`alter table "order_items" drop column "fulfilment", drop column "provider_product_id";`);
    this.addSql(
      `alter table "product_variants" drop constraint "product_variants_provider_product_check", drop column "fulfilment", drop column "provider_product_id";`,
    );
  }
}
