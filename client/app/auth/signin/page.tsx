import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthForm } from '@/components/auth-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <AuthForm mode="signin" />
      <p className="aside">
        New here? <Link href="/auth/signup">Sign up</Link>
      </p>
    </div>
  );
}
