import { Migration } from '@mikro-orm/migrations';

/**
 * Invoice corrections: an invoice names the invoice that replaced it (checked at commit, so the old one can stop being
 * current before its replacement is inserted), a credit note its reason; one current invoice per order.
 */
export class Migration20261203221500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "invoices" add column "corrected_by_id" int null, add column "reason" text null;`);
    this.addSql(
      `alter table "invoices" add constraint "invoices_corrected_by_id_foreign" foreign key ("corrected_by_id") references "invoices" ("id") on update cascade on delete restrict deferrable initially deferred;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_corrected_by_id_unique" unique ("corrected_by_id") deferrable initially deferred;`,
    );
    this.addSql(`drop index "invoices_one_per_order";`);
    // One current invoice per order: a corrected one is replaced by the invoice it names.
    this.addSql(
      `create unique index "invoices_one_current_per_order" on "invoices" ("order_id") where "kind" = 'invoice' and "corrected_by_id" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoices_one_current_per_order";`);
    this.addSql(`create unique index "invoices_one_per_order" on "invoices" ("order_id") where "kind" = 'invoice';`);
    this.addSql(`alter table "invoices" drop constraint "invoices_corrected_by_id_foreign";`);
    this.addSql(`alter table "invoices" drop constraint "invoices_corrected_by_id_unique";`);
    this.addSql(`alter table "invoices" drop column "corrected_by_id", drop column "reason";`);
  }
}
