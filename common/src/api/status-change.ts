/**
 * One message of a live feed (GET /api/tickets/live `event: ticket`, GET /api/orders/live `event: order`): an
 * entity's newest version and its status. The feeds resend nothing a browser missed, so a page applies a message only
 * when its version is newer than what it shows.
 */
export interface StatusChange<S extends string> {
  id: string;
  version: number;
  status: S;
}
