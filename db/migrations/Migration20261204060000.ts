import { Migration } from '@mikro-orm/migrations';

/**
 * The points and credits ledger: accounts (a customer's per kind, and the shop's counter-accounts), transfers (one per
 * business event, unique by idempotency key) and their entries, which are append-only; points lots (what became
 * available together and expires together); the points an order spends.
 */
export class Migration20261204060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ledger_accounts" (
      "id" serial primary key,
      "kind" text not null check ("kind" in ('points', 'credits')),
      "customer_id" int null references "users" ("id") on update cascade on delete restrict,
      "code" varchar(32) not null,
      "available" int not null default 0,
      "pending" int not null default 0,
      "reserved" int not null default 0,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "ledger_accounts_owner" check (("customer_id" is null) = ("code" <> 'customer')),
      constraint "ledger_accounts_customer_not_negative" check ("customer_id" is null or ("available" >= 0 and "pending" >= 0 and "reserved" >= 0))
    );`);
    this.addSql(
      `create unique index "ledger_accounts_customer_kind" on "ledger_accounts" ("customer_id", "kind") where "customer_id" is not null;`,
    );
    this.addSql(`create unique index "ledger_accounts_shop_kind_code" on "ledger_accounts" ("kind", "code") where "customer_id" is null;`);

    this.addSql(`create table "ledger_transfers" (
      "id" serial primary key,
      "kind" text not null check ("kind" in ('points', 'credits')),
      "type" varchar(32) not null,
      "idempotency_key" varchar(160) not null unique,
      "reason" text not null,
      "order_id" int null references "orders" ("id") on update cascade on delete restrict,
      "refund_id" int null references "refunds" ("id") on update cascade on delete restrict,
      "admin_id" int null references "users" ("id") on update cascade on delete set null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "ledger_transfers_order" on "ledger_transfers" ("order_id") where "order_id" is not null;`);

    this.addSql(`create table "ledger_entries" (
      "id" bigserial primary key,
      "transfer_id" int not null references "ledger_transfers" ("id") on update cascade on delete restrict,
      "account_id" int not null references "ledger_accounts" ("id") on update cascade on delete restrict,
      "bucket" text not null check ("bucket" in ('available', 'pending', 'reserved')),
      "amount" int not null check ("amount" <> 0)
    );`);
    this.addSql(`create index "ledger_entries_account" on "ledger_entries" ("account_id", "id");`);
    this.addSql(`create index "ledger_entries_transfer" on "ledger_entries" ("transfer_id");`);
    // Append-only: a mistake is put right by a further transfer, never by editing one.
    this.addSql(`create function "ledger_append_only"() returns trigger language plpgsql as $$
      begin raise exception 'ledger % rows are append-only', TG_TABLE_NAME; end $$;`);
    this.addSql(
      `create trigger "ledger_transfers_append_only" before update or delete on "ledger_transfers" for each row execute function "ledger_append_only"();`,
    );
    this.addSql(
      `create trigger "ledger_entries_append_only" before update or delete on "ledger_entries" for each row execute function "ledger_append_only"();`,
    );

    this.addSql(`create table "points_lots" (
      "id" serial primary key,
      "account_id" int not null references "ledger_accounts" ("id") on update cascade on delete restrict,
      "transfer_id" int not null unique references "ledger_transfers" ("id") on update cascade on delete restrict,
      "amount" int not null check ("amount" > 0),
      "available_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "reminded_at" timestamptz null,
      "expired_at" timestamptz null,
      "expired_amount" int not null default 0
    );`);
    this.addSql(`create index "points_lots_account_expiry" on "points_lots" ("account_id", "expires_at", "id");`);

    this.addSql(
      `alter table "orders" add column "points_used" int not null default 0, add column "points_discount" int not null default 0;`,
    );
    this.addSql(`alter table "local_checkout_sessions" add column "points_discount" int not null default 0;`);
    this.addSql(`alter table "carts" add column "points_to_use" int not null default 0;`);
    this.addSql(`create index "orders_cart_id_index" on "orders" ("cart_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "orders_cart_id_index";`);
    this.addSql(`alter table "carts" drop column "points_to_use";`);
    this.addSql(`alter table "local_checkout_sessions" drop column "points_discount";`);
    this.addSql(`alter table "orders" drop column "points_used", drop column "points_discount";`);
    this.addSql(`drop table "points_lots";`);
    this.addSql(`drop table "ledger_entries";`);
    this.addSql(`drop table "ledger_transfers";`);
    this.addSql(`drop function "ledger_append_only"() cascade;`);
    this.addSql(`drop table "ledger_accounts";`);
  }
}
