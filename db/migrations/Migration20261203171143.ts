import { Migration } from '@mikro-orm/migrations';

/** The admin catalog: product status (draft / active / archived), photos, compare-at price and weight, the price a cart line was added at. */
export class Migration20261203171143 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "product_images" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "product_id" int not null, "storage_key" varchar(200) not null, "width" int not null, "height" int not null, "bytes" int not null, "alt" varchar(300) not null, "position" int not null default 0);`,
    );
    this.addSql(`create index "product_images_product_id_index" on "product_images" ("product_id");`);
    this.addSql(`alter table "product_images" add constraint "product_images_storage_key_unique" unique ("storage_key");`);
    this.addSql(
      `alter table "product_images" add constraint "product_images_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "products" add column "status" text check ("status" in ('draft', 'active', 'archived')) not null default 'active';`,
    );
    this.addSql(`update "products" set "status" = case when "active" then 'active' else 'archived' end;`);
    this.addSql(`alter table "products" drop column "active";`);
    this.addSql(`create index "products_status_index" on "products" ("status");`);

    this.addSql(`alter table "product_variants" add column "compare_at_price" int null, add column "weight_grams" int null;`);
    this.addSql(
      `alter table "product_variants" add constraint "product_variants_prices_check" check ("price" >= 0 and ("compare_at_price" is null or "compare_at_price" > "price")), add constraint "product_variants_weight_check" check ("weight_grams" is null or "weight_grams" > 0);`,
    );

    this.addSql(`alter table "cart_items" add column "price_seen" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "product_images" cascade;`);
    this.addSql(`alter table "cart_items" drop column "price_seen";`);
    this.addSql(
      `alter table "product_variants" drop constraint "product_variants_prices_check", drop constraint "product_variants_weight_check", drop column "compare_at_price", drop column "weight_grams";`,
    );
    this.addSql(`drop index "products_status_index";`);
    this.addSql(`alter table "products" add column "active" bool not null default true;`);
    this.addSql(`update "products" set "active" = ("status" = 'active');`);
    this.addSql(`alter table "products" drop column "status";`);
  }
}
