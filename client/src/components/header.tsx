import type { UserJson } from '@ticketing/common';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from './sign-out';

function NavLink({ href, testId, children }: { href: string; testId: string; children: ReactNode }) {
  return (
    <li>
      <Link href={href} data-testid={testId}>
        {children}
      </Link>
    </li>
  );
}

/** The mockups' top bar: the app name, then what the visitor can do. */
export function Header({ currentUser }: { currentUser: UserJson | null }) {
  return (
    <header className="header">
      <nav className="nav container" aria-label="Main">
        <Link href="/" className="brand" data-testid="nav-home">
          Ticketing
        </Link>
        <ul className={currentUser ? 'nav-links nav-links-user' : 'nav-links'}>
          {currentUser ? (
            <>
              <li className="nav-user" data-testid="current-user" title={currentUser.email}>
                <span className="visually-hidden">Signed in as </span>
                {currentUser.email}
              </li>
              <NavLink href="/tickets/new" testId="nav-sell">
                Sell tickets
              </NavLink>
              <NavLink href="/tickets/mine" testId="nav-listings">
                My listings
              </NavLink>
              <NavLink href="/orders" testId="nav-orders">
                My orders
              </NavLink>
              <li>
                <SignOutButton />
              </li>
            </>
          ) : (
            <>
              <NavLink href="/auth/signup" testId="nav-signup">
                Sign up
              </NavLink>
              <NavLink href="/auth/signin" testId="nav-signin">
                Sign in
              </NavLink>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}
