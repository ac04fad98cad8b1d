// The files of an order (PNG + PDF per digital item): a progress bar while they are being made, then
// links that were signed for this page view. Used by the customer's order page and the admin's.
import type { DownloadsSummary } from '#server/downloads/downloads.server.ts';

type Files = DownloadsSummary['files'];

const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB'];
/** "4.2 MB" (powers of 1000, as file managers show them). */
export function formatBytes(n: number | null): string {
  if (n == null) return '';
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${SIZE_UNITS[unit]}`;
}

const EXPIRY = new Intl.DateTimeFormat('en-IE', {
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

export function DownloadsList({ summary, admin = false }: { summary: DownloadsSummary; admin?: boolean }) {
  const byItem = new Map<number, Files>();
  for (const f of summary.files) byItem.set(f.itemId, [...(byItem.get(f.itemId) ?? []), f]);
  const expiresAt = summary.files.find((f) => f.expiresAt)?.expiresAt ?? null;
  return (
    <div className="stack" data-testid="downloads">
      {summary.inProgress ? (
        <div className="stack" role="status">
          <p>
            Making your print-ready files… <strong data-testid="render-progress">{summary.progress}%</strong>
          </p>
          <progress className="progress" max={100} value={summary.progress} aria-label="Files being made">
            {summary.progress}%
          </progress>
        </div>
      ) : null}
      {[...byItem].map(([itemId, files]) => (
        <section key={itemId} className="stack" aria-label={files[0]!.itemTitle}>
          <h3>{files[0]!.itemTitle}</h3>
          <ul className="downloads">
            {files.map((f) => (
              <li key={f.id} className="downloads__file" data-status={f.status}>
                {f.url ? (
                  <a href={f.url} download={f.fileName} data-testid={`download-${f.kind}`}>
                    Download {f.kind.toUpperCase()}
                  </a>
                ) : (
                  <span>{f.kind.toUpperCase()}</span>
                )}{' '}
                <span className="muted">
                  {f.format}
                  {f.size != null ? ` · ${formatBytes(f.size)}` : ''}
                </span>{' '}
                {f.status === 'pending' || f.status === 'rendering' ? <span className="muted">being made ({f.progress}%)</span> : null}
                {f.status === 'failed' ? (
                  <span className="field-error">
                    {admin
                      ? `failed: ${f.error ?? 'no reason recorded'}`
                      : 'We could not make this file yet; we have been told and will make it again.'}
                  </span>
                ) : null}
                {f.status === 'revoked' ? <span className="muted">revoked</span> : null}
                {admin && f.status === 'ready' ? (
                  <span className="muted">
                    {' '}
                    · downloaded {f.downloadCount} time{f.downloadCount === 1 ? '' : 's'}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {expiresAt ? (
        <p className="muted">
          These links work until {EXPIRY.format(new Date(expiresAt))} UTC. Opening this page again gives you new ones, so your files stay
          yours for years.
        </p>
      ) : null}
    </div>
  );
}
