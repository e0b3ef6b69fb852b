import type { UserJson } from '@ticketing/common';
import Link from 'next/link';
import { SignOutButton } from './sign-out';

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
              <li>
                <Link href="/tickets/new" data-testid="nav-sell">
                  Sell tickets
                </Link>
              </li>
              <li>
                <Link href="/tickets/mine" data-testid="nav-listings">
                  My listings
                </Link>
              </li>
              <li>
                <Link href="/orders" data-testid="nav-orders">
                  My orders
                </Link>
              </li>
              <li>
                <SignOutButton />
              </li>
            </>
          ) : (
            <>
              <li>
                <Link href="/auth/signup" data-testid="nav-signup">
                  Sign up
                </Link>
              </li>
              <li>
                <Link href="/auth/signin" data-testid="nav-signin">
                  Sign in
                </Link>
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}
