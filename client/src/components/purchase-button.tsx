'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-browser';
import { queuePassFor } from '@/lib/queue-pass';
import { Alert } from './alert';

/**
 * Reserves the ticket (POST /api/orders) and moves on to the purchasing page. For a ticket of an event, with the
 * waiting room's pass this tab was given for it, if any (DESIGN §13: orders asks for it while the room is open).
 */
export function PurchaseButton({ ticketId, eventId }: { ticketId: string; eventId?: string | undefined }) {
  const router = useRouter();
  const [errors, setErrors] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  async function onClick() {
    setSubmitting(true);
    setErrors([]);
    const result = await api.createOrder(ticketId, eventId === undefined ? undefined : queuePassFor(eventId));
    if (!result.ok) {
      setErrors(result.errors.map((e) => e.message));
      setSubmitting(false);
      // A 409 means someone else reserved it meanwhile: re-render so the status shown is current.
      if (result.status === 409) router.refresh();
      return;
    }
    router.push(`/orders/${result.data.id}`);
  }

  return (
    <div className="purchase">
      <Alert messages={errors} title="Could not reserve this ticket" testId="purchase-error" />
      <button type="button" className="button" onClick={onClick} disabled={submitting} data-testid="purchase-button">
        {submitting ? 'Reserving…' : 'Purchase'}
      </button>
    </div>
  );
}
