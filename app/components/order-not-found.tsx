// The error page of a page about one order: an unknown order and someone else's look the same (404), and the
// page offers the ways a buyer gets back to their own orders.
import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';

export function OrderNotFound({ message, links }: { message: string; links: Array<{ to: string; label: string }> }) {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="stack">
      <h1>{notFound ? 'Order not found' : 'Sorry'}</h1>
      <p>{notFound ? message : 'Something went wrong on our side. Please try again.'}</p>
      <p className="cluster">
        {links.map((l) => (
          <Link key={l.to} to={l.to}>
            {l.label}
          </Link>
        ))}
      </p>
    </div>
  );
}
