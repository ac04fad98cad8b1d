import { Migration } from '@mikro-orm/migrations';

export class Migration20261203135554 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "account_deletions" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" int not null, "requested_by" varchar(16) not null, "admin_email" varchar(254) null, "reason" text null, "email" varchar(254) null, "status" text check ("status" in ('running', 'completed')) not null default 'running', "workflow_id" varchar(128) not null, "summary" jsonb null, "completed_at" timestamptz null);`,
    );
    this.addSql(`alter table "account_deletions" add constraint "account_deletions_user_id_unique" unique ("user_id");`);

    this.addSql(`alter table "users" add column "deleted_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_deletions" cascade;`);

    this.addSql(`alter table "users" drop column "deleted_at";`);
  }
}
