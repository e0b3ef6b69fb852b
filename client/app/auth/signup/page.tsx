import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthForm } from '@/components/auth-form';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignUpPage() {
  return (
    <div className="narrow">
      <h1>Sign up</h1>
      <AuthForm mode="signup" />
      <p className="aside">
        Already have an account? <Link href="/auth/signin">Sign in</Link>
      </p>
    </div>
  );
}
