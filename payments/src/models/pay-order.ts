import {
  BadRequestError,
  isDuplicateKeyError,
  ConflictError,
  ForbiddenError,
  type Logger,
  newObjectId,
  NotFoundError,
  PaymentDeclinedError,
  ServiceUnavailableError,
} from '@ticketing/common';
import Stripe from 'stripe';
import { chargeOrder } from '../stripe/payment-calls';
import { charges, type ChargeDoc } from './charge';
import { findOrder, type OrderReplicaDoc } from './order';
import { answerFor, finishPayment, type PaymentOutcome } from './finish-payment';
import { settleCharge } from './settle-charge';
import { settleFromIntent } from './settle-from-payment-intent';

/** The stripeId of a failed charge when Stripe returned no PaymentIntent (ChargeCreated requires one). */
const NO_PAYMENT_INTENT = 'none';

function assertPayable(order: OrderReplicaDoc): void {
  if (order.status === 'cancelled') throw new ConflictError('Order is cancelled');
  if (order.status === 'completed') throw new ConflictError('Order is already paid');
}

/**
 * Claims the order's one charge: the insert of the charge document whose `_id` is the order id, a unique key
 * (DESIGN §6). Of concurrent requests one inserts it; the others find it. A claim still `created` belongs to a
 * payment in flight or to a request that died or got a 503 mid-call; either way the caller goes on with the same
 * Stripe idempotency key, so Stripe runs the payment once and replays its outcome to every other caller. Going on
 * with a found claim renews it (`claimedAt`): when the newest Stripe call for it may have started, which the
 * OrderCancelled listener uses to know how long the charge can still complete.
 */
async function claimCharge(orderId: string, order: OrderReplicaDoc): Promise<ChargeDoc> {
  try {
    return await charges.insert({
      _id: orderId,
      chargeId: newObjectId(),
      userId: order.userId,
      status: 'created',
      amount: order.price,
      claimedAt: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const renewed = await charges.change(orderId, (current) =>
    current?.status === 'created' ? { set: { claimedAt: new Date() } } : null,
  );
  if (renewed) return renewed;
  const settled = await charges.find(orderId);
  if (settled?.status === 'completed') throw new ConflictError('Order is already paid');
  throw new ConflictError('A payment for this order already failed');
}

/**
 * Pays an order (POST /api/payments): checks the order, claims its one charge, creates and confirms a PaymentIntent
 * keyed `pay:<orderId>`, stores the outcome with ChargeCreated, and refunds at once if the order was cancelled while
 * Stripe was charging. A card that needs 3-D Secure leaves the charge `created` with its PaymentIntent recorded and
 * answers `requires-action`; a later request for the same order (the buyer coming back) reads the intent from Stripe
 * instead of creating one. Throws 404/403/409 for an order that is not the caller's to pay, 402 for a declined card
 * (orders then cancels the order), 503 when Stripe cannot be reached (the charge stays `created`: a retry runs the
 * same Stripe request again, which charges at most once).
 */
export async function payOrder(
  request: { userId: string; orderId: string; paymentMethod: string },
  log: Logger,
): Promise<PaymentOutcome> {
  const { userId, orderId, paymentMethod } = request;
  const order = await findOrder(orderId);
  if (!order) throw new NotFoundError('order');
  if (order.userId !== userId) throw new ForbiddenError('This order belongs to another user');
  assertPayable(order);

  const claim = await claimCharge(orderId, order);

  // Read the order again, now that the claim is stored. The OrderCancelled listener records the cancellation and
  // then reads the charge; we store the claim and then read the order. So if the listener found no charge, we see
  // the cancellation here and take no money; otherwise the listener saw the claim and watches it until it settles
  // (refunding it if it completes). Without this read, a payment that started after the listener had looked would
  // be refunded only by this request, and lost if this process died before doing so.
  const now = await findOrder(orderId);
  if (now) assertPayable(now);

  // The intent exists already (it asked for 3-D Secure): its outcome is at Stripe, and a create would only replay
  // the first answer.
  if (claim.stripeId !== undefined) return finishPayment(orderId, log);

  let intent: Stripe.PaymentIntent;
  try {
    intent = await chargeOrder({ orderId, amount: claim.amount, paymentMethod });
  } catch (error) {
    return settleStripeFailure(orderId, error, log);
  }
  return answerFor(await settleFromIntent(orderId, intent, log));
}

/** Maps a failed Stripe call to the charge's state and the HTTP answer. Always throws. */
async function settleStripeFailure(orderId: string, error: unknown, log: Logger): Promise<never> {
  if (error instanceof Stripe.errors.StripeCardError) {
    // Declined: the outcome is final for this idempotency key (Stripe replays it), so the charge fails, and
    // ChargeCreated(failed) lets orders cancel the order (DESIGN §3: 402, and the order is cancelled).
    await settleCharge(orderId, { status: 'failed', stripeId: error.payment_intent?.id ?? NO_PAYMENT_INTENT }, log);
    throw new PaymentDeclinedError(error.message);
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    // The claim is being paid (or was tried) with another payment method under the same key.
    throw new ConflictError('A payment for this order is already in progress');
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // Stripe refused the request itself (an unknown payment method, an amount under its minimum). It stores that
    // answer under the key, so this order can never be paid: fail the charge so that orders releases the ticket.
    await settleCharge(orderId, { status: 'failed', stripeId: error.payment_intent?.id ?? NO_PAYMENT_INTENT }, log);
    if (error.param === 'payment_method') throw new BadRequestError(error.message, 'paymentMethod');
    throw new PaymentDeclinedError(error.message);
  }
  // Unreachable, timed out, 5xx, rate-limited, or our key refused: not the buyer's fault, and Stripe may or may not
  // have charged. The charge stays `created`; a retry sends the same keyed request, which Stripe runs at most once.
  log.error({ err: error, orderId }, 'Stripe call failed');
  throw new ServiceUnavailableError('The payment provider is not available; please try again');
}
