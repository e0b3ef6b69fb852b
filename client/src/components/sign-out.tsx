'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-browser';

/**
 * The sign-out button: a POST from the browser (the session cookie is HttpOnly, so only the API's answer can clear
 * it, and the API revokes the token), then home. A button and not a link: sign-out is POST only (DESIGN §8), so no
 * page another site makes a browser load (a link, an <img>) can sign its visitor out.
 */
export function SignOutButton() {
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');

  async function signOut() {
    setState('busy');
    const result = await api.signOut();
    if (!result.ok) {
      setState('failed');
      return;
    }
    router.replace('/');
    router.refresh();
  }

  return (
    <button
      type="button"
      className="link-button"
      data-testid="nav-signout"
      disabled={state === 'busy'}
      onClick={() => void signOut()}
      title={state === 'failed' ? 'Could not sign out; try again' : undefined}
    >
      {state === 'failed' ? 'Sign out (retry)' : 'Sign out'}
    </button>
  );
}
