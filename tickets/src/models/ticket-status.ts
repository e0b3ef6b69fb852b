import type { TicketStatus } from '@ticketing/common';

/** A ticket's status from its stored state or from its TicketUpdated: sold first, then withdrawn, then held. */
export function ticketStatus(ticket: { sold?: boolean; withdrawn?: boolean; orderId?: string }): TicketStatus {
  if (ticket.sold) return 'sold';
  if (ticket.withdrawn) return 'withdrawn';
  return ticket.orderId ? 'reserved' : 'available';
}
