// GET /dev/emails/<name>: the template rendered with its PreviewProps, as the shop sends it. Local email mode only.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { emailPreviewResponse } from '#app/utils/email-previews.server.ts';

export async function loader({ params }: LoaderFunctionArgs) {
  return emailPreviewResponse(params.template, 'html');
}
