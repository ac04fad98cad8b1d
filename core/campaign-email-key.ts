// The outbox key of a campaign email, `drip:<campaign>:<customerId>:<runKey>:<stepId>`: the same run and step is
// one email however often the send is retried, and the admin's counts read the campaign from its start and the
// step from its end (the run key has colons of its own).

/** The `emails.idempotency_key` column's length. */
export const EMAIL_KEY_MAX = 255;

export function campaignEmailKey(input: { campaign: string; customerId: number; runKey: string; stepId: string }): string {
  const step = `:${input.stepId}`;
  // Were it ever too long, the run key is cut, never the step: the key must still end with it.
  return `drip:${input.campaign}:${input.customerId}:${input.runKey}`.slice(0, EMAIL_KEY_MAX - step.length) + step;
}
