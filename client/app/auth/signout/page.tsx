import type { Metadata } from 'next';
import { SignOut } from '@/components/sign-out';

export const metadata: Metadata = { title: 'Sign out' };

export default function SignOutPage() {
  return <SignOut />;
}
