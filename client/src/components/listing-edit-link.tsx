'use client';

import type { TicketStatus } from '@ticketing/common';
import Link from 'next/link';
import { useTicketStatus } from './live-ticket-status';

/** Why a listing that is not on sale cannot be edited. */
const LOCKED_BECAUSE: Record<Exclude<TicketStatus, 'available'>, string> = {
  reserved: 'Locked by an order',
  sold: 'Sold',
  withdrawn: 'Withdrawn: its event was cancelled',
};

/**
 * The Edit link of a listing, shown only while the ticket can be edited: tickets refuses an edit with 409 while an
 * order holds it or once it is sold (DESIGN §3), so the link follows the live status.
 */
export function ListingEditLink({ id, title, status }: { id: string; title: string; status: TicketStatus }) {
  const live = useTicketStatus(id, status);
  if (live !== 'available') {
    return (
      <span className="hint" data-testid="listing-locked">
        {LOCKED_BECAUSE[live]}
      </span>
    );
  }
  return (
    <Link href={`/tickets/${id}/edit`} data-testid="edit-link">
      Edit<span className="visually-hidden"> {title}</span>
    </Link>
  );
}
