'use client';

import type { TicketStatus } from '@ticketing/common';
import { ticketStatusLabel } from '@/lib/format';
import { liveStatusFeed } from './live-status-feed';

const tickets = liveStatusFeed<TicketStatus>({
  streamPath: '/api/tickets/live',
  eventName: 'ticket',
  labels: ticketStatusLabel,
  testId: 'ticket-status',
});

/**
 * Follows GET /api/tickets/live for the tickets of a page (the list, one ticket, a seller's listings): one stream
 * for the page, read by every {@link LiveTicketStatus} inside. `resyncPath` answers the same tickets.
 */
export const TicketStatusProvider = tickets.Provider;

/** The status badge of a ticket, kept current by the page's {@link TicketStatusProvider}. */
export const LiveTicketStatus = tickets.Badge;

/** A ticket's newest known status: the live one, or what the server rendered. */
export function useTicketStatus(id: string, rendered: TicketStatus): TicketStatus {
  return tickets.useLatest(id)?.status ?? rendered;
}
