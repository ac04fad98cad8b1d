// Drip campaigns as data: an ordered list of steps (wait, wait for an event, send an email) that the
// customer's campaigns workflow (campaigns-<customerId>; drip-<campaign>-<customerId> before it) walks.
// Adding a campaign is a new entry here, its templates in emails/, and a place that enrols customers.
// Pure and deterministic: the workflows import it.

export const CAMPAIGN_IDS = ['welcome', 'abandoned-cart', 'post-purchase'] as const;
export type CampaignId = (typeof CAMPAIGN_IDS)[number];

export const CAMPAIGN_TEMPLATES = [
  'welcome',
  'personalisation-guide',
  'welcome-code',
  'cart-reminder',
  'cart-reminder-code',
  'review-request',
  'win-back',
] as const;
export type CampaignTemplate = (typeof CAMPAIGN_TEMPLATES)[number];

/** Questions the workflow asks the database (through an activity) before a step. */
export type CampaignCondition =
  /** The customer has at least one paid order. */
  | 'has-ordered'
  /** The abandoned cart was bought or emptied (the abandoned-cart campaign's goal). */
  | 'cart-recovered'
  /** A paid order since the campaign (re)started. */
  | 'ordered-since-start';

export type CampaignEvent = 'delivered';

const HOUR = 3600;
const DAY = 24 * HOUR;

export type CampaignStep =
  | { id: string; kind: 'wait'; seconds: number; label: string }
  /** Waits for a signal (e.g. the parcel delivered), at most `maxSeconds`; passes at once when the enrolment says it happened. */
  | { id: string; kind: 'wait-for'; event: CampaignEvent; maxSeconds: number; label: string }
  | {
      id: string;
      kind: 'email';
      template: CampaignTemplate;
      label: string;
      /** Skip this email when the condition holds. */
      unless?: CampaignCondition;
      /** A personal, single-use code made for this email. */
      promo?: { prefix: string; percentOff: number; validDays: number };
    };

export interface Campaign {
  id: CampaignId;
  title: string;
  description: string;
  /** Checked before every email: when it holds, the campaign has done its job and ends. */
  goal?: CampaignCondition;
  /** once: a customer goes through it once in a lifetime; repeat: again after it ended. */
  enrol: 'once' | 'repeat';
  /** A new enrolment while it runs: `update` keeps going with the newer context; `restart` starts over with it. */
  onRejoin: 'update' | 'restart';
  steps: CampaignStep[];
}

export const CAMPAIGNS: Record<CampaignId, Campaign> = {
  welcome: {
    id: 'welcome',
    title: 'Welcome series',
    description:
      'On first sign-in or first order: a welcome now, a personalisation guide after 2 days, a 10% code after 7 days unless they have ordered.',
    enrol: 'once',
    onRejoin: 'update',
    steps: [
      { id: 'welcome', kind: 'email', template: 'welcome', label: 'Welcome' },
      { id: 'wait-guide', kind: 'wait', seconds: 2 * DAY, label: '2 days' },
      { id: 'guide', kind: 'email', template: 'personalisation-guide', label: 'Personalisation guide' },
      { id: 'wait-code', kind: 'wait', seconds: 5 * DAY, label: '5 more days (day 7)' },
      {
        id: 'code',
        kind: 'email',
        template: 'welcome-code',
        label: '10% code',
        unless: 'has-ordered',
        promo: { prefix: 'WELCOME', percentOff: 10, validDays: 30 },
      },
    ],
  },
  'abandoned-cart': {
    id: 'abandoned-cart',
    title: 'Abandoned cart',
    description:
      'A cart with an email left quiet: a reminder after 1 hour (the cart-upkeep Schedule enrols carts quiet for CART_QUIET_MINUTES), another with a 10% code after 24 hours; buying or emptying the cart ends it.',
    goal: 'cart-recovered',
    enrol: 'repeat',
    onRejoin: 'update',
    steps: [
      { id: 'reminder', kind: 'email', template: 'cart-reminder', label: 'Reminder (1 hour)' },
      { id: 'wait-code', kind: 'wait', seconds: 23 * HOUR, label: '23 more hours (24 hours)' },
      {
        id: 'code',
        kind: 'email',
        template: 'cart-reminder-code',
        label: 'Reminder with a 10% code',
        promo: { prefix: 'COMEBACK', percentOff: 10, validDays: 7 },
      },
    ],
  },
  'post-purchase': {
    id: 'post-purchase',
    title: 'Post-purchase',
    description: 'After each order: a review request once it is delivered, and a win-back after 60 days without another order.',
    enrol: 'repeat',
    onRejoin: 'restart',
    steps: [
      { id: 'wait-delivery', kind: 'wait-for', event: 'delivered', maxSeconds: 21 * DAY, label: 'delivery (at most 21 days)' },
      { id: 'wait-review', kind: 'wait', seconds: 3 * DAY, label: '3 days' },
      { id: 'review', kind: 'email', template: 'review-request', label: 'Review request' },
      { id: 'wait-win-back', kind: 'wait', seconds: 60 * DAY, label: '60 days' },
      {
        id: 'win-back',
        kind: 'email',
        template: 'win-back',
        label: 'Win-back',
        unless: 'ordered-since-start',
        promo: { prefix: 'MISSYOU', percentOff: 15, validDays: 30 },
      },
    ],
  },
};

export const isCampaignId = (v: unknown): v is CampaignId => typeof v === 'string' && (CAMPAIGN_IDS as readonly string[]).includes(v);

/** Enrolment facts a campaign's steps use (ids only: the emails read the rest from the database). */
export interface CampaignContext {
  cartId?: number | null;
  orderNumber?: string | null;
  /** Events that already happened at enrolment (a digital-only order is delivered at once). */
  events?: CampaignEvent[];
}

/** `campaigns-<customerId>`: every campaign of one customer in one workflow (workflows/customer-campaigns.ts). */
export const customerCampaignsWorkflowId = (customerId: number) => `campaigns-${customerId}`;

/** `drip-<campaign>-<customerId>`: one workflow per customer and campaign, as campaigns ran before customer-campaigns. */
export const dripWorkflowId = (campaign: CampaignId, customerId: number) => `drip-${campaign}-${customerId}`;

/**
 * A wait in milliseconds. `timeScale` comes from configuration (CAMPAIGN_TIME_SCALE): 1 in production;
 * tests use e.g. 1/86400 so a day lasts a second and a week-long campaign runs in seconds.
 */
export function scaledMs(seconds: number, timeScale: number): number {
  return Math.max(1, Math.round(seconds * 1000 * timeScale));
}

/** A personal promo code for one email: deterministic, so a retried activity makes the same code. */
export function personalCode(prefix: string, seed: string): string {
  // FNV-1a over the seed, twice with different offsets, as 8 Crockford base32 characters.
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 4; i++) out += alphabet[(h1 >>> (i * 5)) & 31];
  for (let i = 0; i < 4; i++) out += alphabet[(h2 >>> (i * 5)) & 31];
  return `${prefix}-${out}`;
}
