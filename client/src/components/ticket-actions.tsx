'use client';

import type { TicketStatus } from '@ticketing/common';
import Link from 'next/link';
import { useTicketStatus } from './live-ticket-status';
import { PurchaseButton } from './purchase-button';

type TicketActionsProps = {
  ticketId: string;
  /** The ticket's event, if it has one: the waiting room's pass for it goes with the order. */
  eventId?: string | undefined;
  /** What the server rendered; the page's TicketStatusProvider keeps it current. */
  status: TicketStatus;
  /** The visitor sells this ticket. */
  mine: boolean;
  signedIn: boolean;
  /** Its event has started or was cancelled: nobody can buy or edit it any more (the page says why). */
  closed: boolean;
};

/** What the ticket page says when the ticket is not on sale. */
const UNAVAILABLE_BECAUSE: Record<Exclude<TicketStatus, 'available'>, string> = {
  reserved: 'This ticket is reserved by an order right now. Check back in a few minutes.',
  sold: 'This ticket has been sold.',
  withdrawn: 'This ticket was withdrawn from sale.',
};

/** What the visitor can do with the ticket, following its live status (a reservation hides Purchase at once). */
export function TicketActions({ ticketId, eventId, status: rendered, mine, signedIn, closed }: TicketActionsProps) {
  const status = useTicketStatus(ticketId, rendered);
  if (closed) return null;
  if (mine) {
    return (
      <p className="actions">
        <span className="hint">You are selling this ticket.</span>{' '}
        <Link href={`/tickets/${ticketId}/edit`} className="button button-secondary" data-testid="edit-link">
          Edit
        </Link>
      </p>
    );
  }
  if (status !== 'available') {
    return (
      <p className="hint" data-testid="ticket-unavailable">
        {UNAVAILABLE_BECAUSE[status]}
      </p>
    );
  }
  if (signedIn) return <PurchaseButton ticketId={ticketId} eventId={eventId} />;
  return (
    <p className="hint" data-testid="signin-to-purchase">
      <Link href="/auth/signin">Sign in</Link> to purchase this ticket.
    </p>
  );
}
