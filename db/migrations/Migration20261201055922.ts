import { Migration } from '@mikro-orm/migrations';

/**
 * Idle carts are no longer stored as `abandoned` (that is derived from last_activity_at and CART_IDLE_HOURS);
 * `abandoned` is again only a guest cart merged into an account at sign-in. The carts the cart-upkeep marked
 * go back to `active`: every customer's cart (a merge never leaves one `abandoned`) and every guest cart that
 * still has items (a merge moves all of them to the account's cart). An empty guest cart cannot be told from
 * a merged one and stays as it is: nothing is lost with it, and a merged cart must stay dead.
 */
export class Migration20261201055922 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `update "carts" set "status" = 'active', "updated_at" = now() where "status" = 'abandoned' and ("user_id" is not null or exists (select 1 from "cart_items" ci where ci."cart_id" = "carts"."id"));`,
    );
  }

  override async down(): Promise<void> {
    // Nothing to undo: which carts the upkeep had marked is not recorded, and the code before this one revives them anyway.
  }
}
