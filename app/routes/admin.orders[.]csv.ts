// /admin/orders.csv?<the list's filters>: every matching order, streamed.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { ordersCsvStream, parseOrderFilters } from '#server/admin/admin-orders.server.ts';
import { db } from '#server/db.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filters = parseOrderFilters(new URL(request.url));
  // The stream outlives this request's EntityManager scope; a fork of its own keeps it valid.
  const em = (await db()).fork();
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(ordersCsvStream(em, filters), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="orders-${stamp}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
