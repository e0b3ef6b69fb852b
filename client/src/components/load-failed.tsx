import type { ApiResult } from '@/lib/api-result';
import { Alert } from './alert';
import { SignInRequired } from './sign-in-required';

type LoadFailedProps = {
  /** The failed answer of the page's request (an HTTP error, or none at all). */
  failure: Extract<ApiResult<unknown>, { ok: false }>;
  title: string;
  testId: string;
  /** For a page that needs a session: what to sign in for, asked instead of the errors when the API answered 401. */
  signInTo?: string;
};

/** What a page shows instead of its data when the API refused it or could not be reached. */
export function LoadFailed({ failure, title, testId, signInTo }: LoadFailedProps) {
  if (signInTo !== undefined && failure.status === 401) return <SignInRequired action={signInTo} />;
  return <Alert messages={failure.errors.map((e) => e.message)} title={title} testId={testId} />;
}
