// The admin customer page's actions, one per form, each parsing its form with that form's schema.
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseWithZod } from '@conform-to/zod/v4';
import { CUSTOMER_INTENTS } from '#app/components/admin/customer/customer-intents.ts';
import { revokeAllSessions } from '#app/utils/auth.server.ts';
import { done, invalidInput, refused } from '#app/utils/form-answer.server.ts';
import type { CurrentUser } from '#app/utils/session.server.ts';
import { blockCustomerSchema, changeRoleSchema } from '#core/schemas/admin-customer.ts';
import { buttonFormSchema } from '#core/schemas/button-form.ts';
import { adminDeleteAccountSchema } from '#core/schemas/privacy.ts';
import { adjustPointsSchema } from '#core/schemas/admin-points.ts';
import { accountDeletionRefusal, startAccountDeletion } from '#server/accounts/account-deletion.server.ts';
import { getOrm } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { adjustCustomerPoints } from '#server/ledger/admin-points.server.ts';
import type { User } from '#db/entities/user.ts';

export interface CustomerActionArgs {
  admin: CurrentUser;
  form: FormData;
  em: EntityManager;
  /** The account on the page. */
  user: User;
}

/** Blocked: signed out everywhere and refused sign-in, with the reason shown to them. */
export async function blockAction({ admin, form, em, user }: CustomerActionArgs) {
  const intent = CUSTOMER_INTENTS.block;
  const submission = parseWithZod(form, { schema: blockCustomerSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  if (user.id === admin.id) return refused(intent, submission, { message: 'You cannot block yourself' });
  if (user.role !== 'customer' && admin.role !== 'superadmin')
    return refused(intent, submission, { message: 'Only a superadmin can block an admin' }, 403);
  user.blocked = true;
  user.blockedReason = submission.value.reason;
  user.blockedAt = new Date();
  await em.flush();
  const ended = await revokeAllSessions(em, user.id);
  return done(intent, submission, `Blocked; ${ended} ${ended === 1 ? 'session' : 'sessions'} ended.`);
}

export async function unblockAction({ form, em, user }: CustomerActionArgs) {
  const intent = CUSTOMER_INTENTS.unblock;
  const submission = parseWithZod(form, { schema: buttonFormSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  user.blocked = false;
  user.blockedReason = null;
  user.blockedAt = null;
  await em.flush();
  return done(intent, submission, 'Unblocked.');
}

/** Only superadmins change roles, never their own, and only between customer and admin. */
export async function changeRoleAction({ admin, form, em, user }: CustomerActionArgs) {
  const intent = CUSTOMER_INTENTS.role;
  const submission = parseWithZod(form, { schema: changeRoleSchema });
  if (admin.role !== 'superadmin') return refused(intent, submission, { message: 'Only a superadmin can change roles' }, 403);
  if (submission.status !== 'success') return invalidInput(intent, submission);
  if (user.id === admin.id) return refused(intent, submission, { message: 'You cannot change your own role' });
  if (user.role === 'superadmin') return refused(intent, submission, { message: 'A superadmin’s role is changed in the database only' });
  user.role = submission.value.role;
  await em.flush();
  return done(intent, submission, `Role is now ${submission.value.role}.`);
}

/** A deletion request received by email: only customer accounts (demote an admin first), never one with an order in progress. */
export async function deleteAccountAction({ admin, form, em, user }: CustomerActionArgs) {
  const intent = CUSTOMER_INTENTS.deleteAccount;
  const submission = parseWithZod(form, { schema: adminDeleteAccountSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  if (user.deletedAt) return refused(intent, submission, { message: 'This account is deleted already' });
  const refusal = await accountDeletionRefusal(em, user);
  if (refusal) return refused(intent, submission, { message: refusal.replace(/^Your account/, 'This account') }, 409);
  try {
    await startAccountDeletion({ userId: user.id, requestedBy: 'admin', adminEmail: admin.email, reason: submission.value.request });
  } catch {
    return refused(
      intent,
      submission,
      { message: 'The deletion could not be started (Temporal unreachable); nothing changed, try again' },
      503,
    );
  }
  return done(
    intent,
    submission,
    'Deletion started: the workflow signs the account out everywhere and erases it; this page shows the record in a moment.',
  );
}

/** Points added or taken away, with a reason; above POINTS_ADJUST_LIMIT only by a superadmin; once per form key. */
export async function adjustPointsAction({ admin, form, user }: CustomerActionArgs) {
  const intent = CUSTOMER_INTENTS.points;
  const submission = parseWithZod(form, { schema: adjustPointsSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  const { points, reason, requestKey } = submission.value;
  const answer = await adjustCustomerPoints(
    { orm: await getOrm(), env: getEnv() },
    { admin, customer: { id: user.id, deleted: user.deletedAt !== null }, points, reason, requestKey },
  );
  if (!answer.ok) return refused(intent, submission, { field: answer.field, message: answer.message }, answer.status);
  return done(intent, submission, answer.message, { resetForm: true });
}
