import Link from 'next/link';

/** Shown instead of a page that needs a session, when there is none (or the API answered 401). */
export function SignInRequired({ action }: { action: string }) {
  return (
    <div className="notice" data-testid="signin-required">
      <p>
        Please <Link href="/auth/signin">sign in</Link> or <Link href="/auth/signup">sign up</Link> to {action}.
      </p>
    </div>
  );
}
