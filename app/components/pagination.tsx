import { Link } from '@remix-run/react';

/**
 * Previous / "Page n of m" / Next, as plain links that keep the list's other query parameters. `label` names the
 * navigation when a page has more than one list that pages.
 */
export function Pagination({
  page,
  pages,
  href,
  label = 'Pages',
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  label?: string;
}) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="cluster">
      {page > 1 ? <Link to={href(page - 1)}>Previous</Link> : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link to={href(page + 1)}>Next</Link> : null}
    </nav>
  );
}
