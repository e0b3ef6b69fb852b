import type { TicketJson } from './ticket';

/** The kinds of event the catalogue knows (DESIGN §12); tickets' request schema checks it has all of them. */
export type EventCategory = 'concert' | 'sports' | 'theatre' | 'comedy' | 'festival' | 'other';

/** An event is scheduled until an admin cancels it (DESIGN §12); there is no way back. */
export type EventStatus = 'scheduled' | 'cancelled';

/** An event as every /api/events route answers it (DESIGN §12). */
export interface EventJson {
  id: string;
  title: string;
  venue: string;
  city: string;
  /** ISO 8601. */
  startsAt: string;
  category: EventCategory;
  /** The user who added it to the catalogue; it gives them no rights over it. */
  createdBy: string;
  status: EventStatus;
  /** The on-sale rules (DESIGN §13), set by admins only. */
  onSaleAt?: string;
  waitingRoom: boolean;
  admitPerMinute?: number;
  queueMinutes?: number;
  /** The listings on sale now, and the cheapest one's price (null when none): kept from the tickets' changes. */
  ticketsAvailable: number;
  lowestPrice: number | null;
  version: number;
}

/** GET /api/events: a page by `startsAt` then id; `next` is the opaque cursor of the following page, if any. */
export interface EventPageJson {
  events: EventJson[];
  next?: string;
}

/** GET /api/events/:id/tickets: available listings, cheapest first; `next` as above. */
export interface EventTicketsPageJson {
  tickets: TicketJson[];
  next?: string;
}
