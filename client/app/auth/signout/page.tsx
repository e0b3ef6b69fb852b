import type { Metadata } from 'next';
import { SignOutButton } from '@/components/sign-out';

export const metadata: Metadata = { title: 'Sign out' };

/** Loading this page no longer signs anyone out (sign-out is POST only, DESIGN §8): it offers the button. */
export default function SignOutPage() {
  return (
    <p>
      <SignOutButton />
    </p>
  );
}
