// Who publishes and who consumes each subject of the bus: DESIGN §5's table as data, for the NATS permissions that
// enforce it (bus-permissions.ts). It lives here, not in common, because the launcher writes the server config from it
// and depends on nothing of ours; tests keep the three in step: testing/test checks it against the event catalogue
// (and a real nats-server), tools/test against what each service registers, infra/k8s against the manifests.

/** The services that connect to the bus (the client does not: it reaches the API over HTTP only). */
export const BUS_SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const;
export type BusService = (typeof BUS_SERVICES)[number];

/** One subject: the one service allowed to publish it, and the services that read it through a durable. */
export interface EventRoute {
  readonly publishedBy: BusService;
  readonly consumedBy: readonly BusService[];
}

/** Every subject of the TICKETING stream, in DESIGN §5's order, then §16's, then §12's. */
export const EVENT_ROUTES: Readonly<Record<string, EventRoute>> = {
  'user.created': { publishedBy: 'auth', consumedBy: ['orders'] },
  'user.updated': { publishedBy: 'auth', consumedBy: [] },
  // queue: an unsold count per room event, to close the room at sell-out (DESIGN §13; §12's table lists only the
  // events' subjects for queue: tools' design-deviations.ts).
  'ticket.created': { publishedBy: 'tickets', consumedBy: ['orders', 'queue'] },
  'ticket.updated': { publishedBy: 'tickets', consumedBy: ['orders', 'queue'] },
  'order.created': { publishedBy: 'orders', consumedBy: ['tickets', 'expiration', 'payments'] },
  'order.cancelled': { publishedBy: 'orders', consumedBy: ['tickets', 'expiration', 'payments'] },
  'order.expired': { publishedBy: 'expiration', consumedBy: ['orders'] },
  'charge.created': { publishedBy: 'payments', consumedBy: ['orders'] },
  'order.completed': { publishedBy: 'orders', consumedBy: ['tickets', 'expiration', 'payments'] },
  // orders: a refunded order's e-ticket is void (DESIGN §12; §5 lists no consumer: tools' design-deviations.ts).
  'charge.refunded': { publishedBy: 'payments', consumedBy: ['orders'] },
  // DESIGN §16's table.
  'ticket.reservation-refused': { publishedBy: 'tickets', consumedBy: ['orders'] },
  // DESIGN §12's and §13's tables: queue keeps a room per event with `waitingRoom`, closed when it is cancelled.
  'event.created': { publishedBy: 'tickets', consumedBy: ['queue'] },
  'event.cancelled': { publishedBy: 'tickets', consumedBy: ['tickets', 'orders', 'payments', 'queue'] },
  'charge.disputed': { publishedBy: 'payments', consumedBy: ['orders'] },
};

/** The subjects `service` publishes. */
export function subjectsPublishedBy(service: BusService): string[] {
  return Object.entries(EVENT_ROUTES).flatMap(([subject, route]) => (route.publishedBy === service ? [subject] : []));
}

/** The subjects `service` consumes. */
export function subjectsConsumedBy(service: BusService): string[] {
  return Object.entries(EVENT_ROUTES).flatMap(([subject, route]) =>
    route.consumedBy.includes(service) ? [subject] : [],
  );
}
