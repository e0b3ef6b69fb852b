// Stripe's Event object (https://docs.stripe.com/api/events/object): what webhooks carry and `GET /v1/events/:id`
// returns. `data.object` is a copy of the object as it was when the event happened, as on Stripe.
import { newId } from '../ids';

export type EventType =
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'charge.refunded'
  | 'charge.dispute.created'
  | 'account.updated';

/** The API request that caused the event; both null for an event nothing requested (a dispute, a page's answer). */
export interface EventRequest {
  id: string | null;
  idempotency_key: string | null;
}

export const NO_REQUEST: EventRequest = { id: null, idempotency_key: null };

export interface StripeEvent {
  id: string;
  object: 'event';
  /** The connected account the event is about (Connect events only): which webhook endpoint receives it. */
  account?: string;
  api_version: string;
  created: number;
  /** `previous_attributes`: on `*.updated` events, the changed fields' values before the change. */
  data: { object: object; previous_attributes?: object };
  livemode: false;
  pending_webhooks: number;
  request: EventRequest;
  type: EventType;
}

export interface NewEvent {
  type: EventType;
  object: object;
  account?: string;
  request: EventRequest;
  apiVersion: string;
  previousAttributes?: object;
}

export function newEvent(fields: NewEvent, now: number): StripeEvent {
  return {
    id: newId('evt'),
    object: 'event',
    ...(fields.account !== undefined && { account: fields.account }),
    api_version: fields.apiVersion,
    created: now,
    data: {
      object: structuredClone(fields.object),
      ...(fields.previousAttributes !== undefined && {
        previous_attributes: structuredClone(fields.previousAttributes),
      }),
    },
    livemode: false,
    pending_webhooks: 0,
    request: fields.request,
    type: fields.type,
  };
}
