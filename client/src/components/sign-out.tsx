'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api-browser';
import { Alert } from './alert';

/** Signs out from the browser (the session cookie is HttpOnly, so only the API's answer can clear it), then goes home. */
export function SignOut() {
  const router = useRouter();
  const [errors, setErrors] = useState<string[]>([]);
  // React's development double-invocation of effects must not send two sign-outs.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void api.signOut().then((result) => {
      if (!result.ok) {
        setErrors(result.errors.map((e) => e.message));
        return;
      }
      router.replace('/');
      router.refresh();
    });
  }, [router]);

  if (errors.length > 0) {
    return (
      <>
        <Alert messages={errors} title="Could not sign out" />
        <p>
          <Link href="/">Back to the tickets</Link>
        </p>
      </>
    );
  }
  return (
    <p role="status" data-testid="signing-out">
      Signing you out…
    </p>
  );
}
