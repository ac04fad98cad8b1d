import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/react';
import { destroySession } from '#app/utils/auth.server.ts';
import { db } from '#server/db.server.ts';

// POST only: signing out is a state change, and a GET must not sign anyone out.
export function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await destroySession(await db(), request);
  return redirect('/', { status: 303, headers: { 'Set-Cookie': cookie } });
}
