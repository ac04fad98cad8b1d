import { Migration } from '@mikro-orm/migrations';

/**
 * Memberships: plans (mirrored to a Stripe product and monthly price), one membership per customer at a time with its
 * Stripe subscription, the invoices of its periods (each grants its credits once); and the local payment stand-in's
 * subscriptions and the Stripe-format events it delivers.
 */
export class Migration20261204120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "membership_plans" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "name" varchar(80) not null unique,
      "description" text null,
      "price" int not null check ("price" > 0),
      "currency" varchar(3) not null,
      "credits_per_period" int not null check ("credits_per_period" >= 0),
      "trial_days" int not null default 0 check ("trial_days" >= 0 and "trial_days" <= 730),
      "unused_credits" varchar(10) not null default 'keep' check ("unused_credits" in ('keep', 'expire')),
      "status" varchar(10) not null default 'active' check ("status" in ('active', 'retired')),
      "stripe_product_id" varchar(255) null unique,
      "stripe_price_id" varchar(255) null unique,
      "stripe_price_amount" int null,
      "version" int not null default 1,
      "synced_version" int not null default 0,
      "sync_error" text null
    );`);
    this.addSql(`create table "memberships" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "customer_id" int not null references "users" ("id") on delete cascade,
      "plan_id" int not null references "membership_plans" ("id"),
      "status" varchar(12) not null default 'incomplete' check ("status" in ('incomplete', 'trialing', 'active', 'past_due', 'paused', 'ended')),
      "checkout_session_id" varchar(255) null unique,
      "stripe_customer_id" varchar(255) null,
      "stripe_subscription_id" varchar(255) null unique,
      "current_period_start" timestamptz null,
      "current_period_end" timestamptz null,
      "cancel_at_period_end" boolean not null default false,
      "paused_until" timestamptz null,
      "past_due_since" timestamptz null,
      "started_at" timestamptz null,
      "ended_at" timestamptz null,
      "end_reason" varchar(20) null check ("end_reason" in ('cancelled', 'unpaid', 'admin', 'checkout_expired')),
      "credits_expired" int null,
      constraint "memberships_ended" check (("status" = 'ended') = ("ended_at" is not null))
    );`);
    this.addSql(`create unique index "memberships_one_open_per_customer" on "memberships" ("customer_id") where "status" <> 'ended';`);
    this.addSql(`create index "memberships_status_index" on "memberships" ("status");`);
    this.addSql(`create table "membership_invoices" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "membership_id" int not null references "memberships" ("id") on delete cascade,
      "stripe_invoice_id" varchar(255) not null unique,
      "status" varchar(12) not null check ("status" in ('paid', 'open', 'failed', 'void')),
      "amount" int not null,
      "currency" varchar(3) not null,
      "period_start" timestamptz null,
      "period_end" timestamptz null,
      "attempt_count" int not null default 0,
      "hosted_invoice_url" varchar(1000) null,
      "paid_at" timestamptz null,
      "event_created_at" timestamptz null,
      "credits_granted" int not null default 0,
      "granted_at" timestamptz null
    );`);
    this.addSql(`create index "membership_invoices_membership_index" on "membership_invoices" ("membership_id", "period_start");`);
    this.addSql(`create table "local_subscriptions" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "subscription_id" varchar(64) not null unique,
      "customer_ref" varchar(64) not null,
      "email" varchar(254) null,
      "metadata" jsonb not null,
      "price_id" varchar(255) not null,
      "amount" int not null,
      "currency" varchar(3) not null,
      "trial_days" int not null default 0,
      "status" varchar(20) not null default 'incomplete' check ("status" in ('incomplete', 'trialing', 'active', 'past_due', 'canceled', 'incomplete_expired')),
      "period_index" int not null default 0,
      "current_period_start" timestamptz null,
      "current_period_end" timestamptz null,
      "cancel_at_period_end" boolean not null default false,
      "pause_resumes_at" timestamptz null,
      "card_declines" boolean not null default false,
      "open_invoice_id" varchar(64) null,
      "canceled_at" timestamptz null,
      "success_url" varchar(1000) not null,
      "cancel_url" varchar(1000) not null
    );`);
    this.addSql(
      `create index "local_subscriptions_due_index" on "local_subscriptions" ("current_period_end") where "status" in ('trialing', 'active', 'past_due');`,
    );
    this.addSql(`create table "local_invoices" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "invoice_id" varchar(64) not null unique,
      "subscription_id" varchar(64) not null references "local_subscriptions" ("subscription_id") on delete cascade,
      "period_index" int not null,
      "billing_reason" varchar(30) not null,
      "amount" int not null,
      "currency" varchar(3) not null,
      "status" varchar(12) not null check ("status" in ('open', 'paid', 'void')),
      "attempt_count" int not null default 0,
      "period_start" timestamptz not null,
      "period_end" timestamptz not null,
      "paid_at" timestamptz null,
      "next_payment_attempt" timestamptz null,
      unique ("subscription_id", "period_index")
    );`);
    this.addSql(`create table "local_stripe_events" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "event_id" varchar(64) not null unique,
      "type" varchar(80) not null,
      "subscription_id" varchar(64) null,
      "payload" jsonb not null,
      "delivered_at" timestamptz null,
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "last_error" text null
    );`);
    this.addSql(
      `create index "local_stripe_events_undelivered_index" on "local_stripe_events" ("next_attempt_at") where "delivered_at" is null;`,
    );
    this.addSql(`create index "local_stripe_events_subscription_index" on "local_stripe_events" ("subscription_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "local_stripe_events";`);
    this.addSql(`drop table "local_invoices";`);
    this.addSql(`drop table "local_subscriptions";`);
    this.addSql(`drop table "membership_invoices";`);
    this.addSql(`drop table "memberships";`);
    this.addSql(`drop table "membership_plans";`);
  }
}
