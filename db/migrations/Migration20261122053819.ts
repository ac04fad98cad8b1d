import { Migration } from '@mikro-orm/migrations';

export class Migration20261122053819 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "emails" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "idempotency_key" varchar(255) not null, "template" varchar(64) not null, "to" varchar(254) not null, "subject" varchar(255) not null, "html" text not null, "text" text not null, "status" text check ("status" in ('queued', 'sent', 'stored', 'failed')) not null default 'queued', "provider" varchar(32) null, "provider_id" varchar(255) null, "error" text null, "order_number" varchar(32) null, "sent_at" timestamptz null);`,
    );
    this.addSql(`alter table "emails" add constraint "emails_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "emails_to_index" on "emails" ("to");`);
    this.addSql(`create index "emails_order_number_index" on "emails" ("order_number");`);
    this.addSql(`create index "emails_created_at_index" on "emails" ("created_at");`);

    this.addSql(
      `create table "local_checkout_sessions" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "session_id" varchar(255) not null, "order_number" varchar(32) not null, "currency" varchar(3) not null, "lines" jsonb not null, "shipping_rates" jsonb not null, "collect_shipping" boolean not null, "customer_email" varchar(254) null, "success_url" text not null, "cancel_url" text not null, "expires_at" timestamptz not null, "status" varchar(16) not null default 'open', "payment_intent_id" varchar(255) null, "completed_at" timestamptz null);`,
    );
    this.addSql(`alter table "local_checkout_sessions" add constraint "local_checkout_sessions_session_id_unique" unique ("session_id");`);
    this.addSql(
      `alter table "local_checkout_sessions" add constraint "local_checkout_sessions_order_number_unique" unique ("order_number");`,
    );

    this.addSql(
      `create table "products" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "slug" varchar(120) not null, "title" varchar(200) not null, "description" text not null, "kind" text check ("kind" in ('print', 'good')) not null, "art" text check ("art" in ('frame', 'tote', 'mug', 'card')) null, "personalisable" boolean not null default false, "active" boolean not null default true, "position" int not null default 0);`,
    );
    this.addSql(`alter table "products" add constraint "products_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "users" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "email" varchar(254) not null, "name" varchar(120) null, "role" text check ("role" in ('customer', 'admin', 'superadmin')) not null default 'customer', "blocked" boolean not null default false, "blocked_reason" text null, "blocked_at" timestamptz null, "total_spent" bigint not null default 0, "order_count" int not null default 0, "last_order_at" timestamptz null, "marketing_emails" boolean not null default true, "campaign_emails" boolean not null default true);`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(
      `create table "orders" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_number" varchar(32) not null, "status" text check ("status" in ('pending', 'paid', 'cancelled', 'partially_refunded', 'refunded', 'fulfilled')) not null default 'pending', "fulfilment_type" text check ("fulfilment_type" in ('digital', 'physical', 'mixed')) not null, "currency" varchar(3) not null, "customer_id" int null, "email" varchar(254) null, "cart_id" int null, "subtotal" int not null default 0, "discount" int not null default 0, "shipping" int not null default 0, "tax" int not null default 0, "total" int not null default 0, "refunded" int not null default 0, "promo_code" varchar(64) null, "stripe_checkout_session_id" varchar(255) null, "stripe_payment_intent_id" varchar(255) null, "stripe_customer_id" varchar(255) null, "checkout_url" text null, "checkout_expires_at" timestamptz null, "shipping_address" jsonb null, "shipping_method" varchar(120) null, "paid_at" timestamptz null, "cancelled_at" timestamptz null, "cancel_reason" text null);`,
    );
    this.addSql(`alter table "orders" add constraint "orders_order_number_unique" unique ("order_number");`);
    this.addSql(`create index "orders_customer_id_index" on "orders" ("customer_id");`);
    this.addSql(`alter table "orders" add constraint "orders_stripe_checkout_session_id_unique" unique ("stripe_checkout_session_id");`);
    this.addSql(`create index "orders_stripe_payment_intent_id_index" on "orders" ("stripe_payment_intent_id");`);
    this.addSql(`create index "orders_status_created_at_index" on "orders" ("status", "created_at");`);
    this.addSql(`create index "orders_email_index" on "orders" ("email");`);

    this.addSql(
      `create table "order_items" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_id" int not null, "variant_id" int null, "sku" varchar(64) not null, "product_title" varchar(200) not null, "variant_title" varchar(200) not null, "format" text check ("format" in ('digital', 'physical', 'bundle')) not null, "print_size" text check ("print_size" in ('A4', 'A3', '50x70')) null, "unit_price" int not null, "quantity" int not null, "line_total" int not null, "personalisation" jsonb null, "refunded_quantity" int not null default 0);`,
    );

    this.addSql(
      `create table "order_events" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_id" int not null, "type" varchar(64) not null, "message" text not null, "data" jsonb null, "dedupe_key" varchar(200) null);`,
    );
    this.addSql(`create index "order_events_order_id_index" on "order_events" ("order_id");`);
    this.addSql(`alter table "order_events" add constraint "order_events_dedupe_key_unique" unique ("dedupe_key");`);

    this.addSql(
      `create table "carts" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "token" uuid not null, "user_id" int null, "email" varchar(254) null, "status" text check ("status" in ('active', 'checked_out', 'abandoned')) not null default 'active', "checkout_order_number" varchar(32) null, "last_activity_at" timestamptz not null);`,
    );
    this.addSql(`alter table "carts" add constraint "carts_token_unique" unique ("token");`);
    this.addSql(`create index "carts_user_id_index" on "carts" ("user_id");`);
    this.addSql(`create index "carts_status_last_activity_at_index" on "carts" ("status", "last_activity_at");`);

    this.addSql(
      `create table "product_variants" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "product_id" int not null, "sku" varchar(64) not null, "title" varchar(200) not null, "format" text check ("format" in ('digital', 'physical', 'bundle')) not null, "print_size" text check ("print_size" in ('A4', 'A3', '50x70')) null, "price" int not null, "currency" varchar(3) not null default 'eur', "active" boolean not null default true, "position" int not null default 0);`,
    );
    this.addSql(`alter table "product_variants" add constraint "product_variants_sku_unique" unique ("sku");`);

    this.addSql(
      `create table "cart_items" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "cart_id" int not null, "variant_id" int not null, "quantity" int not null, "personalisation" jsonb null, "personalisation_key" text not null default '');`,
    );
    this.addSql(
      `alter table "cart_items" add constraint "cart_items_cart_id_variant_id_personalisation_key_unique" unique ("cart_id", "variant_id", "personalisation_key");`,
    );

    this.addSql(
      `create table "webhook_events" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "provider" varchar(32) not null, "event_id" varchar(255) not null, "type" varchar(128) not null, "payload" jsonb not null, "order_number" varchar(32) null, "processed_at" timestamptz null, "outcome" varchar(255) null, "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(`create index "webhook_events_order_number_index" on "webhook_events" ("order_number");`);
    this.addSql(`alter table "webhook_events" add constraint "webhook_events_provider_event_id_unique" unique ("provider", "event_id");`);

    this.addSql(
      `alter table "orders" add constraint "orders_customer_id_foreign" foreign key ("customer_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "order_items" add constraint "order_items_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "order_events" add constraint "order_events_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "carts" add constraint "carts_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "product_variants" add constraint "product_variants_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cart_items" add constraint "cart_items_cart_id_foreign" foreign key ("cart_id") references "carts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "cart_items" add constraint "cart_items_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_events" cascade;`);
    this.addSql(`drop table if exists "cart_items" cascade;`);
    this.addSql(`drop table if exists "product_variants" cascade;`);
    this.addSql(`drop table if exists "carts" cascade;`);
    this.addSql(`drop table if exists "order_events" cascade;`);
    this.addSql(`drop table if exists "order_items" cascade;`);
    this.addSql(`drop table if exists "orders" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "products" cascade;`);
    this.addSql(`drop table if exists "local_checkout_sessions" cascade;`);
    this.addSql(`drop table if exists "emails" cascade;`);
  }
}
