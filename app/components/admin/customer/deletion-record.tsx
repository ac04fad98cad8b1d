// The admin's record of an account deletion: who asked, why, and what it did (counts only).
import type { AccountDeletionSummary } from '#db/entities/account-deletion.ts';

export interface DeletionRecordProps {
  deletion: {
    status: 'running' | 'completed';
    requestedBy: 'customer' | 'admin';
    adminEmail: string | null;
    reason: string | null;
    requestedAt: string;
    completedAt: string | null;
    summary: AccountDeletionSummary | null;
    workflowId: string;
  };
}

const at = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function DeletionRecord({ deletion: d }: DeletionRecordProps) {
  const s = d.summary;
  return (
    <div className={`alert ${d.status === 'completed' ? 'alert-info' : 'alert-warning'}`} role="status" data-testid="deletion-record">
      <p>
        {d.status === 'completed' ? `Account deleted ${at(d.completedAt ?? d.requestedAt)}` : 'Deletion in progress'}, asked{' '}
        {d.requestedBy === 'customer' ? 'by the customer from their account' : `by ${d.adminEmail ?? 'an admin'}: ${d.reason ?? ''}`} on{' '}
        {at(d.requestedAt)}. Workflow <code>{d.workflowId}</code>.
      </p>
      {s ? (
        <p>
          {s.orders} order(s) anonymised, {s.files} print file(s) deleted, {s.emails} email(s) blanked, {s.sessions} session(s) and{' '}
          {s.signInLinks} sign-in link(s) deleted, {s.campaignRuns} campaign run(s) and {s.carts} cart(s) cleared, {s.webhookEvents} webhook
          payload(s) redacted, {s.suppressions} suppression(s) removed.
        </p>
      ) : null}
    </div>
  );
}
