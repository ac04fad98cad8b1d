// POST /account/membership/card: "Update your card" — to the payment provider's page for the member's card (Stripe's
// customer portal, or the local stand-in's), or back to /account/membership saying it is not possible just now.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/utils/session.server.ts';
import { db } from '#server/db.server.ts';
import { cardUpdateUrl } from '#server/memberships/commands.server.ts';

/** A GET (a sign-in that came back here, a bookmark): the membership page, where the button is. */
export function loader() {
  return redirect('/account/membership', 303);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const url = await cardUpdateUrl(await db(), user.id);
  return redirect(url ?? '/account/membership?card=unavailable', 303);
}
