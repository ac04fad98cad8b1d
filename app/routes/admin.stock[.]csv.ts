// /admin/stock.csv: the stock page's table as a file — one row per physical or bundle item, with its levels. It
// can be edited (the on_hand column) and imported back on the stock page as it is.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { stockCsv } from '#core/stock-csv.ts';
import { stockLevels } from '#server/catalog/stock-admin.server.ts';
import { db } from '#server/db.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stockCsv(await stockLevels(await db())), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="stock-${stamp}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
