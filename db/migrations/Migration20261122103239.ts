import { Migration } from '@mikro-orm/migrations';
// Refunds: one row per refund (admin form or Stripe Dashboard), run by refund-<id>.

export class Migration20261122103239 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "refunds" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_id" int not null, "amount" int not null, "currency" varchar(3) not null, "reason" text not null, "lines" jsonb null, "includes_shipping" boolean not null default false, "status" text check ("status" in ('requested', 'pending', 'succeeded', 'failed', 'canceled')) not null default 'requested', "stripe_refund_id" varchar(255) null, "failure_reason" text null, "requested_by" int null, "source" text check ("source" in ('admin', 'stripe_dashboard')) not null, "completed_at" timestamptz null);`,
    );
    this.addSql(`create index "refunds_order_id_index" on "refunds" ("order_id");`);
    this.addSql(`alter table "refunds" add constraint "refunds_stripe_refund_id_unique" unique ("stripe_refund_id");`);

    this.addSql(
      `alter table "refunds" add constraint "refunds_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "refunds" cascade;`);
  }
}
