import { Migration } from '@mikro-orm/migrations';
// Accounts: server-side sessions (revocable) and hashed, single-use magic sign-in links.

export class Migration20261122090108 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_tokens" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "token_hash" varchar(64) not null, "email" varchar(254) not null, "redirect_to" varchar(512) not null default '/account', "expires_at" timestamptz not null, "used_at" timestamptz null, "ip" varchar(64) null, "purpose" varchar(16) not null default 'login');`,
    );
    this.addSql(`alter table "login_tokens" add constraint "login_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "login_tokens_email_created_at_index" on "login_tokens" ("email", "created_at");`);
    this.addSql(`create index "login_tokens_ip_created_at_index" on "login_tokens" ("ip", "created_at");`);

    this.addSql(
      `create table "sessions" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "token_hash" varchar(64) not null, "user_id" int not null, "expires_at" timestamptz not null, "last_seen_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, "user_agent" varchar(255) null);`,
    );
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_tokens" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);
  }
}
