import { Migration } from '@mikro-orm/migrations';

/** Taxes and invoices: tax category per variant, VAT per order and line, the local payment page's tax, invoices and credit notes with their gapless counters. */
export class Migration20261203205740 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "invoice_counters" ("series" varchar(8) not null, "year" int not null, "last" int not null default 0, constraint "invoice_counters_pkey" primary key ("series", "year"));`,
    );

    this.addSql(
      `create table "invoices" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "number" varchar(32) not null, "kind" text check ("kind" in ('invoice', 'credit_note')) not null, "year" int not null, "sequence" int not null, "order_id" int not null, "refund_id" int null, "credited_invoice_id" int null, "issued_at" timestamptz not null, "currency" varchar(3) not null, "tax_behavior" varchar(10) not null, "tax_country" varchar(2) null, "seller" jsonb not null, "buyer" jsonb not null, "lines" jsonb not null, "rates" jsonb not null, "net" int not null, "tax" int not null, "gross" int not null, "pdf_key" varchar(200) null, "pdf_stored_at" timestamptz null);`,
    );
    this.addSql(`alter table "invoices" add constraint "invoices_number_unique" unique ("number");`);
    this.addSql(`create index "invoices_order_id_index" on "invoices" ("order_id");`);
    this.addSql(`alter table "invoices" add constraint "invoices_refund_id_unique" unique ("refund_id");`);
    this.addSql(`create index "invoices_issued_at_index" on "invoices" ("issued_at");`);
    this.addSql(`alter table "invoices" add constraint "invoices_kind_year_sequence_unique" unique ("kind", "year", "sequence");`);

    this.addSql(
      `alter table "invoices" add constraint "invoices_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_credited_invoice_id_foreign" foreign key ("credited_invoice_id") references "invoices" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "local_checkout_sessions" add column "tax_enabled" boolean not null default false, add column "tax_behavior" varchar(10) not null default 'inclusive', add column "tax" jsonb null;`,
    );

    this.addSql(
      `alter table "orders" add column "tax_behavior" varchar(10) null, add column "tax_country" varchar(2) null, add column "shipping_tax" int not null default 0, add column "shipping_tax_rate" int null;`,
    );

    this.addSql(
      `alter table "order_items" add column "tax_category" varchar(20) null, add column "tax_rate" int null, add column "discount_amount" int not null default 0, add column "tax_amount" int not null default 0, add column "net_amount" int null;`,
    );

    this.addSql(
      `alter table "product_variants" add column "tax_category" text check ("tax_category" in ('digital', 'printed_matter', 'general')) not null default 'general';`,
    );
    // Files are digital goods, prints printed matter, everything else general goods; the admin changes it per option.
    this.addSql(
      `update "product_variants" v set "tax_category" = case when v."format" = 'digital' then 'digital' when p."kind" = 'print' then 'printed_matter' else 'general' end from "products" p where p."id" = v."product_id";`,
    );
    // One invoice per order (credit notes: one per refund, by the unique refund_id); amounts never negative.
    this.addSql(`create unique index "invoices_one_per_order" on "invoices" ("order_id") where "kind" = 'invoice';`);
    this.addSql(
      `alter table "invoices" add constraint "invoices_amounts_check" check ("net" >= 0 and "tax" >= 0 and "gross" = "net" + "tax");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoices" drop constraint "invoices_credited_invoice_id_foreign";`);

    this.addSql(`drop table if exists "invoice_counters" cascade;`);

    this.addSql(`drop table if exists "invoices" cascade;`);

    this.addSql(`alter table "local_checkout_sessions" drop column "tax_enabled", drop column "tax_behavior", drop column "tax";`);

    this.addSql(
      `alter table "order_items" drop column "tax_category", drop column "tax_rate", drop column "discount_amount", drop column "tax_amount", drop column "net_amount";`,
    );

    this.addSql(
      `alter table "orders" drop column "tax_behavior", drop column "tax_country", drop column "shipping_tax", drop column "shipping_tax_rate";`,
    );

    this.addSql(`alter table "product_variants" drop column "tax_category";`);
  }
}
