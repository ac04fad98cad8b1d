// GET /dev/emails/<name>/text: the plain-text version of the same email. Local email mode only.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { emailPreviewResponse } from '#app/utils/email-previews.server.ts';

export async function loader({ params }: LoaderFunctionArgs) {
  return emailPreviewResponse(params.template, 'text');
}
