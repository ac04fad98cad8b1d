// Where a customer lands after asking for their account's deletion (signed out by then).
import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';

export const meta: MetaFunction = () => [{ title: 'Your account is being deleted — Atelier' }];

export default function AccountDeleted() {
  return (
    <div className="stack narrow">
      <h1>Your account is being deleted</h1>
      <p role="status" className="alert alert-success">
        You are signed out, and we are deleting your account and your personal data now. An email confirms it once it is done, usually
        within a minute.
      </p>
      <p>
        Each order’s accounting record (number, items, amounts and country) stays, as tax law requires; nothing in it names you. You are
        welcome back any time: signing in with the same address starts a new, empty account.
      </p>
      <p>
        <Link to="/">Back to the shop</Link>
      </p>
    </div>
  );
}
