import { Migration } from '@mikro-orm/migrations';

/** Stock: per-variant levels, the movement log they are sums of, and each order's hold on stock. */
export class Migration20261203143921 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stock_movements" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "variant_id" int not null, "kind" text check ("kind" in ('received', 'adjusted', 'reserved', 'released', 'sold', 'returned')) not null, "on_hand_delta" int not null, "reserved_delta" int not null, "order_number" varchar(32) null, "actor" varchar(254) not null, "reason" text null, "dedupe_key" varchar(128) null);`,
    );
    this.addSql(`alter table "stock_movements" add constraint "stock_movements_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "stock_movements_variant_id_created_at_index" on "stock_movements" ("variant_id", "created_at");`);
    this.addSql(`create index "stock_movements_order_number_index" on "stock_movements" ("order_number");`);

    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "orders" add column "stock_state" text check ("stock_state" in ('reserved', 'released', 'sold')) null;`);

    this.addSql(
      `alter table "product_variants" add column "track_inventory" boolean not null default false, add column "on_hand" int not null default 0, add column "reserved" int not null default 0, add column "low_stock_threshold" int not null default 3;`,
    );
    // Reservations never go negative: a release or sale of stock that was never reserved fails loudly instead.
    this.addSql(`alter table "product_variants" add constraint "product_variants_reserved_check" check ("reserved" >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stock_movements" cascade;`);

    this.addSql(`alter table "orders" drop column "stock_state";`);

    this.addSql(
      `alter table "product_variants" drop column "track_inventory", drop column "on_hand", drop column "reserved", drop column "low_stock_threshold";`,
    );
  }
}
