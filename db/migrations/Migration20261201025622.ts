import { Migration } from '@mikro-orm/migrations';

export class Migration20261201025622 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "campaign_runs" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "campaign" varchar(32) not null, "user_id" int not null, "email" varchar(254) not null, "workflow_id" varchar(128) not null, "run_key" varchar(128) not null, "status" text check ("status" in ('running', 'completed', 'goal_met', 'unsubscribed', 'suppressed', 'stopped')) not null default 'running', "step_index" int not null default 0, "step_id" varchar(64) null, "emails_sent" int not null default 0, "context" jsonb null, "ended_at" timestamptz null);`,
    );
    this.addSql(`alter table "campaign_runs" add constraint "campaign_runs_run_key_unique" unique ("run_key");`);
    this.addSql(`create index "campaign_runs_campaign_status_index" on "campaign_runs" ("campaign", "status");`);
    this.addSql(`create index "campaign_runs_user_id_campaign_index" on "campaign_runs" ("user_id", "campaign");`);

    this.addSql(
      `create table "email_suppressions" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "email" varchar(254) not null, "reason" text check ("reason" in ('bounced', 'complained')) not null, "detail" text null, "event_id" varchar(255) null);`,
    );
    this.addSql(`alter table "email_suppressions" add constraint "email_suppressions_email_unique" unique ("email");`);

    this.addSql(`alter table "emails" drop constraint if exists "emails_status_check";`);

    this.addSql(`alter table "emails" add column "headers" jsonb null, add column "delivery_event_at" timestamptz null;`);
    this.addSql(
      `alter table "emails" add constraint "emails_status_check" check("status" in ('queued', 'sent', 'stored', 'failed', 'delivered', 'bounced', 'complained'));`,
    );
    this.addSql(`create index "emails_provider_id_index" on "emails" ("provider_id");`);

    this.addSql(`alter table "carts" add column "reminded_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "campaign_runs" cascade;`);

    this.addSql(`drop table if exists "email_suppressions" cascade;`);

    this.addSql(`alter table "emails" drop constraint if exists "emails_status_check";`);

    this.addSql(`alter table "carts" drop column "reminded_at";`);

    this.addSql(`drop index "emails_provider_id_index";`);
    this.addSql(`alter table "emails" drop column "headers", drop column "delivery_event_at";`);

    this.addSql(`alter table "emails" add constraint "emails_status_check" check("status" in ('queued', 'sent', 'stored', 'failed'));`);
  }
}
