import {
  ConflictError,
  ForbiddenError,
  type Logger,
  NotFoundError,
  PaymentDeclinedError,
  ServiceUnavailableError,
} from '@ticketing/common';
import { type ChargeJson, toChargeJson } from './charge';
import { closeOpenPayment } from './close-open-payment';
import { eventClosedReason } from './event-sales';
import { findReplicatedOrder } from './order-replica';
import { type IntentSettlement, settleFromPaymentIntent } from './settle-from-payment-intent';

/** What a payment request ends in, when it does not end in an error (declined: 402; not payable: 404/403/409). */
export type PaymentOutcome =
  | { kind: 'completed'; charge: ChargeJson }
  /** The card needs 3-D Secure: the browser confirms it with this client secret, then asks payments to finish. */
  | { kind: 'requires-action'; charge: ChargeJson; clientSecret: string }
  /** Stripe has not decided yet; the order's status will say when it has. */
  | { kind: 'processing'; charge: ChargeJson };

/**
 * Finishes a payment from its PaymentIntent at Stripe (POST /api/payments/confirm, after the browser handled the
 * 3-D Secure challenge): the same answers as {@link payOrder}, and an order that is already settled answers as it
 * settled, so that confirming twice is harmless. The order may be cancelled meanwhile: the charge is still read, so
 * that money taken after the cancellation is refunded (409), never left; if its intent was cancelled first, nothing was
 * taken (409 too). An order whose event has started or was cancelled (DESIGN §12) is not finished: its intent is
 * cancelled at Stripe and the answer is 409 with the reason, unless the payment had already succeeded, which is then
 * answered as it settled (refunded, for a cancelled event).
 */
export async function confirmPayment(
  request: { userId: string; orderId: string },
  log: Logger,
): Promise<PaymentOutcome> {
  const { userId, orderId } = request;
  const order = await findReplicatedOrder(orderId);
  if (!order) throw new NotFoundError('order');
  if (order.userId !== userId) throw new ForbiddenError('This order belongs to another user');
  const closed = await eventClosedReason(order);
  if (closed !== undefined) {
    const settlement = await stripeCall(orderId, log, () =>
      closeOpenPayment(orderId, log, { message: `${closed.message}.`, failure: closed.failure }),
    );
    if (settlement?.kind === 'completed') return answerFor(settlement);
    throw new ConflictError(closed.message);
  }
  try {
    return await finishPayment(orderId, log);
  } catch (error) {
    // A charge failed because its order closed (its intent was cancelled at Stripe) is the order's doing, not the card's.
    if (error instanceof PaymentDeclinedError && (await findReplicatedOrder(orderId))?.status === 'cancelled') {
      throw new ConflictError('Order was cancelled before it was paid');
    }
    throw error;
  }
}

/** Reads the order's PaymentIntent from Stripe, stores its outcome and answers it (503 when Stripe is unreachable). */
export async function finishPayment(orderId: string, log: Logger): Promise<PaymentOutcome> {
  return answerFor(await stripeCall(orderId, log, () => settleFromPaymentIntent(orderId, log)));
}

/** Runs a settlement that calls Stripe; a failure (unreachable) is logged and answered 503. */
async function stripeCall<T>(orderId: string, log: Logger, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    log.error({ err: error, orderId }, 'Stripe call failed');
    throw new ServiceUnavailableError('The payment provider is not available; please try again');
  }
}

/** The request's answer for what the PaymentIntent says; declines and late charges are thrown as HTTP errors. */
export function answerFor(settlement: IntentSettlement): PaymentOutcome {
  switch (settlement.kind) {
    case 'completed':
      // (a) of the late-charge race found the order cancelled: the payment is (being) refunded.
      if (settlement.late.kind !== 'not-cancelled') {
        throw new ConflictError('Order was cancelled while it was being paid; the payment is being refunded');
      }
      return { kind: 'completed', charge: toChargeJson(settlement.charge) };
    case 'failed':
      throw new PaymentDeclinedError(settlement.message);
    case 'requires-action':
      return {
        kind: 'requires-action',
        charge: toChargeJson(settlement.charge),
        clientSecret: settlement.clientSecret,
      };
    case 'processing':
      return { kind: 'processing', charge: toChargeJson(settlement.charge) };
    case 'already-settled':
      if (settlement.charge.status === 'completed') {
        if (settlement.charge.stripeRefundId !== undefined) {
          throw new ConflictError('Order was cancelled while it was being paid; the payment was refunded');
        }
        return { kind: 'completed', charge: toChargeJson(settlement.charge) };
      }
      throw new PaymentDeclinedError(settlement.charge.failureMessage ?? 'The payment for this order failed.');
    case 'no-charge':
      throw new NotFoundError('payment');
    case 'no-payment-intent':
      // Claimed, but Stripe's answer to the create was never stored: a retry of POST /api/payments replays it.
      throw new ConflictError('This payment has no answer from the payment provider yet; please pay again');
  }
}
