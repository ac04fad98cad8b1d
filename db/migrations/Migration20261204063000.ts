import { Migration } from '@mikro-orm/migrations';

/**
 * Print credits: what a variant costs in credits (files only; none set: one credit), what a credit pack grants when
 * paid; per order line, the credits that paid for it and the credits it grants; a cart's choice to pay files with credits.
 */
export class Migration20261204063000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "product_variants" add column "credits_price" int null check ("credits_price" > 0), add column "grants_credits" int null check ("grants_credits" > 0);`,
    );
    this.addSql(
      `alter table "order_items" add column "credits_used" int not null default 0, add column "grants_credits" int null check ("grants_credits" > 0);`,
    );
    this.addSql(`alter table "carts" add column "pay_with_credits" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "carts" drop column "pay_with_credits";`);
    this.addSql(`alter table "order_items" drop column "credits_used", drop column "grants_credits";`);
    this.addSql(`alter table "product_variants" drop column "credits_price", drop column "grants_credits";`);
  }
}
