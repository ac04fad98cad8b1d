// /admin/campaigns over HTTP: the counts it shows come from campaign_runs, the outbox and the suppression
// list, written here directly with SQL (the drip workflow that writes them is tested beside it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;
let customer: Visitor;
const run = unique();
const customerEmail = `campaign-customer-${run}@example.com`;

/** The page's HTML without React's text separators (`<!-- -->`). */
const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

/** The number in the element marked `data-stat="<key>"`. */
function stat(page: string, key: string): number {
  const match = new RegExp(`data-stat="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([^<]*)<`).exec(page);
  assert.ok(match, `the page shows ${key}`);
  return match[1] === '—' ? Number.NaN : Number(match[1]);
}

async function insertUser(email: string, campaignEmails = true): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'insert into users (email, campaign_emails, created_at, updated_at) values ($1, $2, now(), now()) returning id',
    [email, campaignEmails],
  );
  return rows[0]!.id;
}

interface RunSeed {
  campaign: string;
  status: string;
  stepIndex: number;
  stepId: string | null;
}

async function insertRun(userId: number, email: string, seed: RunSeed, n: number): Promise<string> {
  const workflowId = `drip-${seed.campaign}-${userId}`;
  // Run keys carry colons of their own (workflow id : first run id [: restarts]).
  const runKey = `${workflowId}:run-${run}-${n}${n % 2 ? ':1' : ''}`;
  await db.query(
    `insert into campaign_runs (campaign, user_id, email, workflow_id, run_key, status, step_index, step_id, emails_sent, ended_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, 0, case when $6 = 'running' then null else now() end, now(), now() - $9::int * interval '1 second')`,
    [seed.campaign, userId, email, workflowId, runKey, seed.status, seed.stepIndex, seed.stepId, n],
  );
  return runKey;
}

async function insertEmail(key: string, template: string, to: string, status: string): Promise<void> {
  await db.query(
    `insert into emails (idempotency_key, template, "to", subject, html, text, status, created_at, updated_at)
     values ($1, $2, $3, 'subject', '<p>hi</p>', 'hi', $4, now(), now())`,
    [key, template, to, status],
  );
}

before(async () => {
  stack = await startStack({
    name: 'admin-campaigns',
    payments: 'local',
    group: new ProcessGroup(),
  });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
  // Opted out before the first sign-in, so signing in enrols them in no welcome series of their own.
  await insertUser(customerEmail, false);
  customer = new Visitor(stack.baseUrl);
  await signIn(db, customer, customerEmail);
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

describe('/admin/campaigns', () => {
  test('shows running and finished runs by outcome, emails sent per step, opt-outs and suppressions', async () => {
    const runs: Array<RunSeed & { email: string; optedOut?: boolean }> = [
      // Welcome series: 4 running (1 at the welcome email, 2 waiting for the guide, 1 waiting for the code), 3 finished.
      {
        campaign: 'welcome',
        status: 'running',
        stepIndex: 0,
        stepId: 'welcome',
        email: 'w1',
      },
      {
        campaign: 'welcome',
        status: 'running',
        stepIndex: 1,
        stepId: 'wait-guide',
        email: 'w2',
      },
      {
        campaign: 'welcome',
        status: 'running',
        stepIndex: 1,
        stepId: 'wait-guide',
        email: 'w3',
      },
      {
        campaign: 'welcome',
        status: 'running',
        stepIndex: 3,
        stepId: 'wait-code',
        email: 'w4',
      },
      {
        campaign: 'welcome',
        status: 'completed',
        stepIndex: 5,
        stepId: null,
        email: 'w5',
      },
      {
        campaign: 'welcome',
        status: 'completed',
        stepIndex: 5,
        stepId: null,
        email: 'w6',
      },
      {
        campaign: 'welcome',
        status: 'unsubscribed',
        stepIndex: 2,
        stepId: 'guide',
        email: 'w7',
        optedOut: true,
      },
      // Abandoned cart: 1 running, 4 finished in every other way.
      {
        campaign: 'abandoned-cart',
        status: 'running',
        stepIndex: 1,
        stepId: 'wait-code',
        email: 'a1',
      },
      {
        campaign: 'abandoned-cart',
        status: 'goal_met',
        stepIndex: 2,
        stepId: 'code',
        email: 'a2',
      },
      {
        campaign: 'abandoned-cart',
        status: 'goal_met',
        stepIndex: 0,
        stepId: 'reminder',
        email: 'a3',
      },
      {
        campaign: 'abandoned-cart',
        status: 'suppressed',
        stepIndex: 2,
        stepId: 'code',
        email: 'a4',
      },
      {
        campaign: 'abandoned-cart',
        status: 'stopped',
        stepIndex: 1,
        stepId: 'wait-code',
        email: 'a5',
        optedOut: true,
      },
    ];
    const keys = new Map<string, { userId: number; email: string; runKey: string }>();
    let n = 0;
    for (const r of runs) {
      const email = `${r.email}-${run}@example.com`;
      const userId = await insertUser(email, !r.optedOut);
      keys.set(r.email, {
        userId,
        email,
        runKey: await insertRun(userId, email, r, (n += 1)),
      });
    }
    const drip = (who: string, campaign: string, stepId: string) => {
      const k = keys.get(who)!;
      return `drip:${campaign}:${k.userId}:${k.runKey}:${stepId}`;
    };
    const to = (who: string) => keys.get(who)!.email;

    // Sent means it left the shop: sent, stored, delivered, bounced, complained; queued and failed do not count.
    for (const [who, status] of [
      ['w2', 'sent'],
      ['w3', 'delivered'],
      ['w4', 'stored'],
      ['w5', 'delivered'],
      ['w6', 'bounced'],
      ['w7', 'sent'],
    ] as const) {
      await insertEmail(drip(who, 'welcome', 'welcome'), 'welcome', to(who), status);
    }
    await insertEmail(drip('w1', 'welcome', 'welcome'), 'welcome', to('w1'), 'queued');
    await insertEmail(drip('w4', 'welcome', 'guide'), 'personalisation-guide', to('w4'), 'sent');
    await insertEmail(drip('w5', 'welcome', 'guide'), 'personalisation-guide', to('w5'), 'delivered');
    await insertEmail(drip('w6', 'welcome', 'guide'), 'personalisation-guide', to('w6'), 'failed');
    await insertEmail(drip('w5', 'welcome', 'code'), 'welcome-code', to('w5'), 'complained');
    // Counted per step, not per template: this one is the "code" step's even with the reminder's template.
    await insertEmail(drip('a2', 'abandoned-cart', 'reminder'), 'cart-reminder', to('a2'), 'sent');
    await insertEmail(drip('a4', 'abandoned-cart', 'reminder'), 'cart-reminder', to('a4'), 'delivered');
    await insertEmail(drip('a5', 'abandoned-cart', 'reminder'), 'cart-reminder', to('a5'), 'sent');
    await insertEmail(drip('a2', 'abandoned-cart', 'code'), 'cart-reminder', to('a2'), 'sent');
    // Not campaign email: the same template outside a drip is not counted.
    await insertEmail(`welcome:${run}`, 'welcome', to('w1'), 'sent');

    await db.query(
      `insert into email_suppressions (email, reason, detail, created_at, updated_at)
       values ($1, 'bounced', 'mailbox does not exist', now(), now()), ($2, 'bounced', null, now(), now()), ($3, 'complained', null, now(), now())`,
      [to('w6'), to('a4'), `complainer-${run}@example.com`],
    );

    const res = await admin.get('/admin/campaigns');
    assert.equal(res.status, 200);
    const page = await html(res);

    assert.equal(stat(page, 'welcome:running'), 4);
    assert.equal(stat(page, 'welcome:finished'), 3);
    assert.equal(stat(page, 'welcome:completed'), 2);
    assert.equal(stat(page, 'welcome:unsubscribed'), 1);
    assert.equal(stat(page, 'welcome:goal_met'), 0);
    assert.equal(stat(page, 'welcome:welcome:sent'), 6);
    assert.equal(stat(page, 'welcome:guide:sent'), 2);
    assert.equal(stat(page, 'welcome:code:sent'), 1);
    assert.ok(Number.isNaN(stat(page, 'welcome:wait-guide:sent')), 'a wait sends nothing');
    assert.equal(stat(page, 'welcome:welcome:running'), 1);
    assert.equal(stat(page, 'welcome:wait-guide:running'), 2);
    assert.equal(stat(page, 'welcome:guide:running'), 0);
    assert.equal(stat(page, 'welcome:wait-code:running'), 1);

    assert.equal(stat(page, 'abandoned-cart:running'), 1);
    assert.equal(stat(page, 'abandoned-cart:finished'), 4);
    assert.equal(stat(page, 'abandoned-cart:goal_met'), 2);
    assert.equal(stat(page, 'abandoned-cart:suppressed'), 1);
    assert.equal(stat(page, 'abandoned-cart:stopped'), 1);
    assert.equal(stat(page, 'abandoned-cart:completed'), 0);
    assert.equal(stat(page, 'abandoned-cart:reminder:sent'), 3);
    assert.equal(stat(page, 'abandoned-cart:code:sent'), 1);
    assert.equal(stat(page, 'abandoned-cart:wait-code:running'), 1);

    assert.equal(stat(page, 'post-purchase:running'), 0);
    assert.equal(stat(page, 'post-purchase:finished'), 0);
    assert.equal(stat(page, 'post-purchase:review:sent'), 0);

    // w7, a5 and the customer opted out.
    assert.equal(stat(page, 'unsubscribed-customers'), 3);
    assert.equal(stat(page, 'suppressed-bounced'), 2);
    assert.equal(stat(page, 'suppressed-complained'), 1);

    // The latest runs, each linking to its workflow in the Temporal UI; the suppressed addresses.
    const w1 = keys.get('w1')!;
    assert.ok(page.includes(`/namespaces/default/workflows/drip-welcome-${w1.userId}"`), 'a link to the run’s workflow');
    assert.ok(page.includes(w1.email));
    assert.ok(page.includes(`complainer-${run}@example.com`));
    assert.match(page, /spam complaint/);
  });

  test('the admin navigation links to it', async () => {
    assert.match(await html(await admin.get('/admin')), /href="\/admin\/campaigns"[^>]*>Campaigns</);
  });

  test('customers are refused and anonymous visitors sent to sign in', async () => {
    assert.equal((await customer.get('/admin/campaigns')).status, 403);
    const anonymous = await new Visitor(stack.baseUrl).get('/admin/campaigns');
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get('location'), `/login?redirectTo=${encodeURIComponent('/admin/campaigns')}`);
  });
});
