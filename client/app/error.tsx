'use client';

import { useEffect } from 'react';

/** Last resort for an unexpected rendering error; API failures are rendered by the pages themselves. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="alert" role="alert" data-testid="page-error">
      <strong>Something went wrong</strong>
      <p>This page could not be shown. Please try again in a moment.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
