'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-browser';
import { Alert } from './alert';

/**
 * An admin's Cancel (POST /api/events/:id/cancel), asked twice: cancelling withdraws every listing and refunds every
 * buyer (DESIGN §12), and cannot be undone. The page is rendered again once the API has answered.
 */
export function CancelEventButton({ eventId }: { eventId: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  async function cancel() {
    setSubmitting(true);
    setErrors([]);
    const result = await api.cancelEvent(eventId);
    setSubmitting(false);
    setConfirming(false);
    if (!result.ok) setErrors(result.errors.map((e) => e.message));
    router.refresh();
  }

  return (
    <div className="admin-actions" data-testid="admin-actions">
      <Alert messages={errors} title="Could not cancel the event" testId="cancel-error" />
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">
            Cancel this event? Every listing is withdrawn and every buyer refunded. This cannot be undone.
          </p>
          <p className="actions">
            <button
              type="button"
              className="button button-danger"
              onClick={cancel}
              disabled={submitting}
              // The button that asked is gone: focus moves to the question's answer, not back to the page's start.
              autoFocus
              data-testid="cancel-event-confirm"
            >
              {submitting ? 'Cancelling…' : 'Yes, cancel the event'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setConfirming(false)}
              disabled={submitting}
            >
              Keep it
            </button>
          </p>
        </div>
      ) : (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setConfirming(true)}
          data-testid="cancel-event"
        >
          Cancel event
        </button>
      )}
    </div>
  );
}
