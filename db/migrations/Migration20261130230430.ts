import { Migration } from '@mikro-orm/migrations';
// Promo codes and their redemptions; the local payment page's applied code.

export class Migration20261130230430 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "promo_codes" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(40) not null, "kind" text check ("kind" in ('percent', 'fixed')) not null, "percent_off" int null, "amount_off" int null, "currency" varchar(3) null, "max_redemptions" int null, "max_per_customer" int null, "starts_at" timestamptz null, "ends_at" timestamptz null, "minimum_amount" int null, "minimum_currency" varchar(3) null, "description" text null, "active" boolean not null default true, "deleted_at" timestamptz null, "times_redeemed" int not null default 0, "source" text check ("source" in ('admin', 'campaign')) not null default 'admin', "created_by" varchar(254) null, "stripe_coupon_id" varchar(255) null, "stripe_promotion_code_id" varchar(255) null, "version" int not null default 1, "synced_version" int not null default 0, "sync_error" text null);`,
    );
    this.addSql(`alter table "promo_codes" add constraint "promo_codes_code_unique" unique ("code");`);
    this.addSql(
      `alter table "promo_codes" add constraint "promo_codes_stripe_promotion_code_id_unique" unique ("stripe_promotion_code_id");`,
    );
    this.addSql(`create index "promo_codes_created_at_index" on "promo_codes" ("created_at");`);

    this.addSql(
      `create table "promo_redemptions" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "promo_code_id" int not null, "order_number" varchar(32) not null, "customer_id" int null, "email" varchar(254) null, "discount" int not null default 0, "currency" varchar(3) not null);`,
    );
    this.addSql(`alter table "promo_redemptions" add constraint "promo_redemptions_order_number_unique" unique ("order_number");`);
    this.addSql(`create index "promo_redemptions_promo_code_id_email_index" on "promo_redemptions" ("promo_code_id", "email");`);
    this.addSql(
      `create index "promo_redemptions_promo_code_id_customer_id_index" on "promo_redemptions" ("promo_code_id", "customer_id");`,
    );

    this.addSql(
      `alter table "promo_redemptions" add constraint "promo_redemptions_promo_code_id_foreign" foreign key ("promo_code_id") references "promo_codes" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "local_checkout_sessions" add column "promo_code" varchar(40) null, add column "discount" int not null default 0;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "promo_redemptions" drop constraint "promo_redemptions_promo_code_id_foreign";`);

    this.addSql(`drop table if exists "promo_codes" cascade;`);

    this.addSql(`drop table if exists "promo_redemptions" cascade;`);

    this.addSql(`alter table "local_checkout_sessions" drop column "promo_code", drop column "discount";`);
  }
}
