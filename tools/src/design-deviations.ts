/**
 * Where the code knowingly differs from DESIGN's events tables, and why (DESIGN's preamble: "where the code must
 * deviate, the issue note says why"). The flow test accepts exactly these differences and fails when one of them is
 * no longer true, so the list cannot outlive its reason.
 */
export interface DesignDeviation {
  /** The service concerned: the deviation is checked only while that service is present. */
  service: string;
  /** The problem text the comparison reports, exactly. */
  problem: string;
  why: string;
}

export const DESIGN_DEVIATIONS: readonly DesignDeviation[] = [
  {
    service: 'auth',
    problem:
      'user.updated: DESIGN says auth publishes it; auth does not register it (auth/src/events/index.ts `publishes`)',
    why: 'UserUpdated is reserved in the contract (common/src/events/user-updated.ts): no route changes an account yet.',
  },
  {
    service: 'orders',
    problem: 'charge.refunded: orders has a listener for it; DESIGN says nobody consumes it yet',
    why:
      'DESIGN §12 voids the e-ticket of a refunded order at the door ("a refunded, disputed or cancelled-event order: ' +
      '409 with the reason"), and orders learns of a refund only from ChargeRefunded; §5 still says "(none yet)".',
  },
  {
    service: 'expiration',
    problem: 'order.cancelled: expiration has a listener for it; DESIGN lists tickets, payments',
    why:
      'Issue 6 asks expiration to remove the job on OrderCompleted or OrderCancelled, so a cancelled order leaves no ' +
      'pending job in Redis; DESIGN §5 lists expiration only under OrderCompleted. Harmless either way (orders ignores ' +
      'OrderExpired for a closed order), but the job would sit in Redis until its due time.',
  },
  {
    service: 'queue',
    problem: 'ticket.created: queue has a listener for it; DESIGN lists orders',
    why:
      'DESIGN §13 closes the room at sell-out ("everyone still waiting is told sold out"), and queue learns what is ' +
      "unsold only from the tickets' own events: it keeps the ids of a room event's unsold tickets, by version, " +
      "from TicketCreated and TicketUpdated (which carry event.id, sold and withdrawn). §12's table lists queue " +
      'only under EventCreated and EventCancelled. A count kept by tickets on EventUpdated would need a new event; ' +
      'a call to tickets at each tick would break "no service calls another to decide".',
  },
  {
    service: 'queue',
    problem: 'ticket.updated: queue has a listener for it; DESIGN lists orders',
    why: "As ticket.created: a ticket sold or withdrawn leaves its room event's unsold set (DESIGN §13 sell-out).",
  },
];
