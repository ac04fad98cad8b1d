import { Migration } from '@mikro-orm/migrations';
// Downloads: the print-ready files (PNG + PDF) of each digital order item, made by render-<orderNumber>.

export class Migration20261122110717 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "downloads" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_id" int not null, "item_id" int not null, "kind" text check ("kind" in ('png', 'pdf')) not null, "status" text check ("status" in ('pending', 'rendering', 'ready', 'failed', 'revoked')) not null default 'pending', "progress" int not null default 0, "storage_key" varchar(500) null, "file_name" varchar(200) not null, "content_type" varchar(100) not null, "size" int null, "checksum" varchar(64) null, "width" int null, "height" int null, "error" text null, "attempts" int not null default 0, "rendered_at" timestamptz null, "revoked_at" timestamptz null, "link_version" int not null default 1, "download_count" int not null default 0, "last_downloaded_at" timestamptz null);`,
    );
    this.addSql(`create index "downloads_order_id_index" on "downloads" ("order_id");`);
    this.addSql(`alter table "downloads" add constraint "downloads_item_id_kind_unique" unique ("item_id", "kind");`);

    this.addSql(
      `alter table "downloads" add constraint "downloads_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "downloads" add constraint "downloads_item_id_foreign" foreign key ("item_id") references "order_items" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "downloads" cascade;`);
  }
}
