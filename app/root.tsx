// First: zod's configuration must be in place before any form schema is built (see the module).
import './utils/zod-config.ts';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  json,
  useFetchers,
  useLoaderData,
  useRouteError,
} from '@remix-run/react';
import styles from './styles/app.css';
import { cartItemCount } from './utils/cart.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { getUser, isAdmin } from './utils/session.server.ts';
import { useNonce } from './utils/nonce-provider.ts';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [
  { title: 'Atelier — personalised prints' },
  { name: 'description', content: 'Personalised night-sky prints, posters and goods made by hand.' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const [count, user] = await Promise.all([cartItemCount(await db(), request), getUser(request)]);
  return json({
    cartCount: count,
    localPayments: env.stripeMode === 'local',
    devMailbox: env.emailMode === 'outbox',
    user: user
      ? {
          email: user.email,
          name: user.name,
          admin: isAdmin(user),
          blockedReason: user.blocked ? (user.blockedReason ?? 'No reason was given.') : null,
        }
      : null,
  });
}

/** The cart count, adjusted while cart fetchers are in flight (optimistic UI). */
function useOptimisticCartCount(serverCount: number): number {
  const fetchers = useFetchers();
  let count = serverCount;
  for (const f of fetchers) {
    const delta = f.formData?.get('countDelta');
    if (typeof delta === 'string' && f.state !== 'idle') count += Number(delta) || 0;
  }
  return Math.max(0, count);
}

interface HeaderUser {
  email: string;
  name: string | null;
  admin: boolean;
}

function Header({ cartCount, devMailbox, user }: { cartCount: number; devMailbox: boolean; user: HeaderUser | null }) {
  const count = useOptimisticCartCount(cartCount);
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="logo">
          Atelier
        </Link>
        <nav className="site-nav" aria-label="Main">
          <NavLink to="/" end>
            Shop
          </NavLink>
          <NavLink to="/membership">Membership</NavLink>
          {devMailbox ? <NavLink to="/dev/mailbox">Mailbox</NavLink> : null}
          {user?.admin ? <NavLink to="/admin">Admin</NavLink> : null}
          {user ? (
            <>
              <NavLink to="/account" title={user.email}>
                Account
              </NavLink>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <NavLink to="/login">Sign in</NavLink>
          )}
          <NavLink to="/cart" className="cart-link">
            Cart{' '}
            <span className="cart-count" aria-label={`${count} ${count === 1 ? 'item' : 'items'} in cart`} data-testid="cart-count">
              {count}
            </span>
          </NavLink>
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Header cartCount={data.cartCount} devMailbox={data.devMailbox} user={data.user} />
      <main id="main" className="container" tabIndex={-1}>
        {data.user?.blockedReason ? (
          <p className="alert alert-error" role="alert">
            Your account is blocked and cannot place orders. Reason: {data.user.blockedReason}
          </p>
        ) : null}
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>Atelier — personalised prints, made with care.</p>
          {data.localPayments ? <p className="muted">Local payment mode: no real money moves.</p> : null}
        </div>
      </footer>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? 'We could not find that page.'
      : status === 403
        ? 'You do not have access to this page.'
        : status === 503
          ? 'The shop is briefly unavailable. Please try again in a moment — nothing you did was lost.'
          : 'Something went wrong on our side. Please try again.';
  return (
    <main id="main" className="container">
      <h1>{status === 404 ? 'Not found' : status === 403 ? 'Access denied' : 'Sorry'}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to the shop</Link>
      </p>
    </main>
  );
}
