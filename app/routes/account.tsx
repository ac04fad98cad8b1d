// /account: the customer area. The layout refuses anonymous visitors (sign in and back); each child
// loader and action still calls requireUser itself (loaders run in parallel; actions skip parents).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, json, type ShouldRevalidateFunction } from '@remix-run/react';
import { requireUser } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Your account — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ ok: true });
}

// An order page polling for its status need not re-check the layout each time.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, currentUrl, nextUrl, defaultShouldRevalidate }) =>
  !formMethod && currentUrl.href === nextUrl.href ? false : defaultShouldRevalidate;

export default function AccountLayout() {
  return (
    <div className="stack">
      <nav aria-label="Account" className="cluster account-nav">
        <NavLink to="/account" end>
          Overview
        </NavLink>
        <NavLink to="/account/orders">Orders</NavLink>
        <NavLink to="/account/points">Points and credits</NavLink>
        <NavLink to="/account/membership">Membership</NavLink>
        <NavLink to="/account/emails">Email preferences</NavLink>
        <NavLink to="/account/privacy">Your data</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
