// /admin: every admin page sits under this layout, whose loader refuses anyone but admins. Each child
// loader and action still calls requireAdmin itself (loaders run in parallel; actions skip parents).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, json, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return json({ email: admin.email, role: admin.role });
}

export default function AdminLayout() {
  const { email, role } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <nav aria-label="Admin" className="cluster">
        <NavLink to="/admin" end>
          Dashboard
        </NavLink>
        <NavLink to="/admin/orders">Orders</NavLink>
        <NavLink to="/admin/invoices">Invoices</NavLink>
        <NavLink to="/admin/vat">VAT</NavLink>
        <NavLink to="/admin/customers">Customers</NavLink>
        <NavLink to="/admin/products">Products</NavLink>
        <NavLink to="/admin/stock">Stock</NavLink>
        <NavLink to="/admin/promo-codes">Promo codes</NavLink>
        <NavLink to="/admin/points">Points</NavLink>
        <NavLink to="/admin/members">Members</NavLink>
        <NavLink to="/admin/campaigns">Campaigns</NavLink>
        <span className="muted">
          Signed in as {email} ({role})
        </span>
      </nav>
      <Outlet />
    </div>
  );
}
