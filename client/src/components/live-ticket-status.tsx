'use client';

import type { StatusChange, TicketStatus } from '@ticketing/common';
import { createContext, useContext, type ReactNode } from 'react';
import { ticketStatusLabel } from '@/lib/format';
import { useLiveStatuses } from '@/lib/use-live-statuses';
import { StatusBadge } from './status-badge';

const TicketStatuses = createContext<ReadonlyMap<string, StatusChange<TicketStatus>>>(new Map());

/**
 * Follows GET /api/tickets/live for the tickets of a page (the list, one ticket, a seller's listings): one stream
 * for the page, read by every {@link LiveTicketStatus} inside. `resyncPath` answers the same tickets.
 */
export function TicketStatusProvider(props: {
  initial: StatusChange<TicketStatus>[];
  resyncPath: string;
  children: ReactNode;
}) {
  const statuses = useLiveStatuses<TicketStatus>({
    streamPath: '/api/tickets/live',
    eventName: 'ticket',
    resyncPath: props.resyncPath,
    initial: props.initial,
  });
  return <TicketStatuses.Provider value={statuses}>{props.children}</TicketStatuses.Provider>;
}

/** A ticket's newest known status: the live one, or what the server rendered. */
export function useTicketStatus(id: string, rendered: TicketStatus): TicketStatus {
  return useContext(TicketStatuses).get(id)?.status ?? rendered;
}

/** The status badge of a ticket, kept current by the page's {@link TicketStatusProvider}. */
export function LiveTicketStatus({ id, status }: { id: string; status: TicketStatus }) {
  const live = useTicketStatus(id, status);
  return <StatusBadge status={live} label={ticketStatusLabel[live] ?? live} testId="ticket-status" />;
}
