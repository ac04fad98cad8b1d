// What the outbox stores and Resend sends for a React Email element: its HTML and its plain-text
// version. The send paths and the dev preview (/dev/emails) all render through here.
import { render } from '@react-email/render';
import type { ReactElement } from 'react';

export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  return { html: await render(element), text: await render(element, { plainText: true }) };
}
