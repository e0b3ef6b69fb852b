/** Where a buyer stands in an event's waiting room (DESIGN §13). */
export type QueueState = 'prequeue' | 'waiting' | 'admitted' | 'expired' | 'closed';

/** Why a room is closed: the event sold out, was cancelled, or its queue window (onSaleAt + queueMinutes) ended. */
export type QueueClosedReason = 'sold out' | 'cancelled' | 'ended';

/**
 * POST /api/queue/:eventId and GET /api/queue/:eventId, and each `event: status` of GET /api/queue/:eventId/stream
 * (DESIGN §13).
 */
export interface QueueStatusJson {
  status: QueueState;
  /** The place in the room's order, 1 first, fixed from the shuffle at onSaleAt on; absent in the pre-queue. */
  position?: number;
  /** Buyers still waiting before this one (waiting only). */
  ahead?: number;
  /** `ahead` at the room's rate (waiting only). */
  estimatedWaitSeconds?: number;
  /** The pass to send as the `Queue-Pass` header with POST /api/orders (admitted only). */
  pass?: string;
  /** ISO 8601: when the pass stops admitting (admitted and expired). */
  passExpiresAt?: string;
  /** ISO 8601. */
  onSaleAt: string;
  /** Why the room is closed (closed only). */
  reason?: QueueClosedReason;
}
