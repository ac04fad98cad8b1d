// The dev email previews (/dev/emails/<name>, /dev/emails/<name>/text): a template rendered with its
// sample data by the same renderEmail the send paths use, answered as the whole response — the email's
// HTML as a document of its own (no frame: the shop's pages may not be framed, X-Frame-Options DENY),
// or its plain-text version.
import { findEmailPreview } from '#emails/previews.ts';
import { requireLocalEmailMode } from './local-modes.server.ts';
import { renderEmail } from '#server/emails/render-email.server.ts';

/**
 * An email is markup and inline styles only: it may run nothing and load nothing but the shop's own
 * images, as a mail client would treat it (the shop's page policy would ask for a script nonce).
 */
export const EMAIL_PREVIEW_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function emailPreviewResponse(name: string | undefined, format: 'html' | 'text'): Promise<Response> {
  requireLocalEmailMode();
  const preview = name ? findEmailPreview(name) : undefined;
  if (!preview) throw new Response('Not found', { status: 404 });
  const { html, text } = await renderEmail(preview.element);
  return new Response(format === 'html' ? html : text, {
    headers: {
      'Content-Type': format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      'Content-Security-Policy': EMAIL_PREVIEW_POLICY,
      // A template edited and rebuilt shows at the next reload.
      'Cache-Control': 'no-store',
    },
  });
}
