// A cardholder disputing a charge (https://docs.stripe.com/disputes): Stripe opens a Dispute, marks the charge
// `disputed` and sends `charge.dispute.created` to the platform. It happens outside any API request, so the event's
// `request` is empty.
import { invalidRequest } from '../errors';
import type { Charge } from '../objects/charge';
import { type Dispute, newDispute } from '../objects/dispute';
import { NO_REQUEST } from '../objects/event';
import type { StripeState } from '../state';

/** Opens a dispute on a succeeded charge; a charge can be disputed once. */
export function openDispute(state: StripeState, charge: Charge, now: number): Dispute {
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} did not succeed: there is nothing to dispute.`, { param: 'charge' });
  }
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, { param: 'charge' });
  const dispute = newDispute(charge, now);
  charge.disputed = true;
  state.disputes.set(dispute.id, dispute);
  state.publish({ type: 'charge.dispute.created', object: dispute, request: NO_REQUEST }, now);
  return dispute;
}
