// The shop's points rules and clock, read from the environment (POINTS_*, POINT_VALUE, CAMPAIGN_TIME_SCALE).
import type { PointsRules } from '#core/ledger.ts';
import type { Env } from '#server/env.server.ts';

type PointsEnv = Pick<
  Env,
  | 'POINTS_EARN_RATE'
  | 'POINTS_ROUNDING'
  | 'POINT_VALUE'
  | 'POINTS_PENDING_DAYS'
  | 'POINTS_LIFETIME_DAYS'
  | 'POINTS_REMINDER_DAYS'
  | 'CAMPAIGN_TIME_SCALE'
>;

export const pointsRules = (env: PointsEnv): PointsRules => ({
  earnRate: env.POINTS_EARN_RATE,
  rounding: env.POINTS_ROUNDING,
  pointValue: env.POINT_VALUE,
});

/** The durations a points workflow waits, in days, and the scale its timers run at (recorded in its history). */
export interface PointsSchedule {
  pendingDays: number;
  lifetimeDays: number;
  reminderDays: number;
  timeScale: number;
}

export const pointsSchedule = (env: PointsEnv): PointsSchedule => ({
  pendingDays: env.POINTS_PENDING_DAYS,
  lifetimeDays: env.POINTS_LIFETIME_DAYS,
  reminderDays: env.POINTS_REMINDER_DAYS,
  timeScale: env.CAMPAIGN_TIME_SCALE,
});
