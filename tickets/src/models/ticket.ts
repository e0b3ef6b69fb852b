import { VersionedLog } from '@ticketing/common';

/** What one version of a ticket holds (DESIGN §4). `orderId` is set while an order holds it; `sold` once paid. */
export interface TicketState {
  title: string;
  price: number;
  userId: string;
  orderId?: string;
  sold?: boolean;
}

export type TicketStatus = 'available' | 'reserved' | 'sold';

/** A ticket as every route answers it (DESIGN §4). */
export interface TicketJson {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId?: string;
  status: TicketStatus;
}

/**
 * The tickets, as an insert-only log of versions (common/README.md, "Concurrency design"): every change, whether a
 * seller's edit or an order event, is the insert of version n+1 on a unique key, so two writers can never undo each
 * other on FerretDB, where conditional updates are read-then-write (DESIGN §6).
 * The view (collection `tickets`) serves the list only; it is keyed by the ticket id, whose ObjectId hex sorts by
 * creation time, so `_id`'s own index serves "newest first" and the `before` cursor: no extra index is needed.
 */
export const ticketLog = new VersionedLog<TicketState>('tickets', { view: { indexes: [] } });

export function ticketStatus(state: TicketState): TicketStatus {
  if (state.sold) return 'sold';
  return state.orderId ? 'reserved' : 'available';
}

/** The JSON of a ticket version; `orderId` only when set (never `null`). */
export function toTicketJson(id: string, version: number, state: TicketState): TicketJson {
  return {
    id,
    title: state.title,
    price: state.price,
    userId: state.userId,
    version,
    ...(state.orderId ? { orderId: state.orderId } : {}),
    status: ticketStatus(state),
  };
}
