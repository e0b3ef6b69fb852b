import type { UserJson } from '@ticketing/common';
import Link from 'next/link';
import { SignOutButton } from './sign-out';

type NavLink = { href: string; testId: string; label: string };

const SIGNED_IN_LINKS: readonly NavLink[] = [
  { href: '/tickets/new', testId: 'nav-sell', label: 'Sell tickets' },
  { href: '/tickets/mine', testId: 'nav-listings', label: 'My listings' },
  { href: '/payouts', testId: 'nav-payouts', label: 'Payouts' },
  { href: '/orders', testId: 'nav-orders', label: 'My orders' },
];

const SIGNED_OUT_LINKS: readonly NavLink[] = [
  { href: '/auth/signup', testId: 'nav-signup', label: 'Sign up' },
  { href: '/auth/signin', testId: 'nav-signin', label: 'Sign in' },
];

function NavLinks({ links }: { links: readonly NavLink[] }) {
  return links.map((link) => (
    <li key={link.href}>
      <Link href={link.href} data-testid={link.testId}>
        {link.label}
      </Link>
    </li>
  ));
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
              <NavLinks links={SIGNED_IN_LINKS} />
              <li>
                <SignOutButton />
              </li>
            </>
          ) : (
            <NavLinks links={SIGNED_OUT_LINKS} />
          )}
        </ul>
      </nav>
    </header>
  );
}
