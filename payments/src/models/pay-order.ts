import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  isDuplicateKeyError,
  type Logger,
  newObjectId,
  NotFoundError,
  PaymentDeclinedError,
  ServiceUnavailableError,
} from '@ticketing/common';
import Stripe from 'stripe';
import { confirmOrderIntent, createOrderIntent, retrieveIntent } from '../stripe/payment-calls';
import { charges, type ChargeDoc } from './charge';
import { watchCharge } from './charge-watch';
import { eventClosedReason } from './event-sales';
import { answerFor, type PaymentOutcome } from './finish-payment';
import { findReplicatedOrder, type OrderReplicaDoc } from './order-replica';
import { recordIntent } from './settle-charge';
import { failChargeAfterCancel, type IntentSettlement, settleFromIntent } from './settle-from-payment-intent';

/**
 * Whether the order can be paid now: not cancelled, not paid, and not past its `expiresAt` even if its cancellation
 * has not arrived yet (DESIGN §5: a time-based promise does not rest on a single event); and, for an order of an
 * event (DESIGN §12), the event neither started (from the replica) nor recorded cancelled (one look-up by `_id`).
 */
async function assertPayable(order: OrderReplicaDoc): Promise<void> {
  if (order.status === 'cancelled') throw new ConflictError('Order is cancelled');
  if (order.status === 'completed') throw new ConflictError('Order is already paid');
  if (Date.parse(order.expiresAt) <= Date.now()) throw new ConflictError('Order has expired');
  const closed = await eventClosedReason(order);
  if (closed !== undefined) throw new ConflictError(closed.message);
}

/**
 * Claims the order's one charge: the insert of the charge document whose `_id` is the order id, a unique key
 * (DESIGN §6). Of concurrent requests one inserts it; the others find it. A claim still `created` belongs to a
 * payment in flight or to a request that died or got a 503 mid-call; either way the caller goes on with the same
 * Stripe idempotency keys, so Stripe runs the payment once and replays its outcome to every other caller. Going on
 * with a found claim renews it (`claimedAt`): the reconciliation leaves a charge alone while a call may be running
 * (a claim's quiet time, stripe-client.ts).
 * A retry with the `Idempotency-Key` of the request that settled the charge gets that request's answer.
 */
async function claimCharge(orderId: string, order: OrderReplicaDoc, idempotencyKey?: string): Promise<ChargeDoc> {
  // Watched before the claim exists, so that no crash can leave an unsettled charge the reconciliation never reads.
  await watchCharge(orderId);
  try {
    return await charges.insert({
      _id: orderId,
      chargeId: newObjectId(),
      userId: order.userId,
      status: 'created',
      amount: order.price,
      ...(order.event && { eventId: order.event.id }),
      claimedAt: new Date(),
      ...(idempotencyKey !== undefined && { idempotencyKey }),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const renewed = await charges.change(orderId, (current) =>
    current?.status === 'created' ? { set: { claimedAt: new Date() } } : null,
  );
  if (renewed) return renewed;
  const settled = await charges.find(orderId);
  if (settled && idempotencyKey !== undefined && settled.idempotencyKey === idempotencyKey) return settled;
  if (settled?.status === 'completed') throw new ConflictError('Order is already paid');
  throw new ConflictError('A payment for this order already failed');
}

/** The answer of a request whose charge is settled: what its first request answered (201, 402 or 409). */
function answerSettled(charge: ChargeDoc): PaymentOutcome {
  return answerFor({ kind: 'already-settled', charge });
}

/**
 * Pays an order (POST /api/payments): checks the order, claims its one charge, creates the order's PaymentIntent and
 * records its id on the charge, then confirms it with the buyer's payment method, stores the outcome with
 * ChargeCreated, and refunds at once if the order was cancelled while Stripe was charging. Throws 404/403/409 for an
 * order that is not the caller's to pay, 402 for a declined card (orders then cancels the order), 503 when Stripe
 * cannot be reached (the charge stays `created`: a retry sends the same keyed requests, which charge at most once, and
 * the reconciliation settles it from Stripe if nobody retries). A card that needs 3-D Secure leaves the charge
 * `created` with its intent recorded and answers `requires-action` with the client secret for the browser.
 */
export async function payOrder(
  request: { userId: string; orderId: string; paymentMethod: string; idempotencyKey?: string },
  log: Logger,
): Promise<PaymentOutcome> {
  const { userId, orderId, paymentMethod, idempotencyKey } = request;
  const order = await findReplicatedOrder(orderId);
  if (!order) throw new NotFoundError('order');
  if (order.userId !== userId) throw new ForbiddenError('This order belongs to another user');
  const earlier = idempotencyKey === undefined ? null : await charges.find(orderId);
  if (earlier && earlier.status !== 'created' && earlier.idempotencyKey === idempotencyKey)
    return answerSettled(earlier);
  await assertPayable(order);

  const claim = await claimCharge(orderId, order, idempotencyKey);
  if (claim.status !== 'created') return answerSettled(claim);

  // Read the order again, now that the claim is stored. The OrderCancelled listener records the cancellation and
  // then reads the charge; we store the claim and then read the order. So if the listener found no charge, we see
  // the cancellation here and take no money; otherwise it saw the claim, and the charge is refunded if it completes
  // (by this request, or by the reconciliation if this process dies). The same holds for an event's cancellation:
  // recorded, then its completed charges refunded; a charge completed after that is refunded by its own late check.
  const now = await findReplicatedOrder(orderId);
  if (now) await assertPayable(now);

  let intent: Stripe.PaymentIntent;
  try {
    const intentId = claim.stripeId ?? (await createOrderIntent({ orderId, amount: claim.amount })).id;
    await recordIntent(orderId, intentId);
    intent = await confirmOrderIntent({ orderId, intentId, paymentMethod });
    // A resumed claim's confirm is replayed by Stripe as first answered; after a 3-D Secure challenge only the intent
    // itself says what became of it.
    if (claim.stripeId !== undefined && intent.status === 'requires_action') intent = await retrieveIntent(intentId);
  } catch (error) {
    return settleStripeFailure(orderId, error, log);
  }
  return answerFor(await settleFromIntent(orderId, intent, log));
}

/** Maps a failed Stripe call to the charge's state and the HTTP answer. */
async function settleStripeFailure(orderId: string, error: unknown, log: Logger): Promise<PaymentOutcome> {
  if (error instanceof Stripe.errors.StripeCardError) {
    // Declined: the outcome is final for this idempotency key (Stripe replays it), so the charge fails once its intent
    // is cancelled, and ChargeCreated(failed) lets orders cancel the order (DESIGN §3: 402, and the order is cancelled).
    return answerFor(await failAfterRefusal(orderId, error, log));
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    // The claim is being paid (or was tried) with another payment method under the same key.
    throw new ConflictError('A payment for this order is already in progress');
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // Stripe refused the request itself (an unknown payment method, an amount under its minimum). It stores that
    // answer under the key, so this order can never be paid: fail the charge so that orders releases the ticket.
    // Or the intent was cancelled meanwhile because the order closed (payment_intent_unexpected_state): a 409.
    const settlement = await failAfterRefusal(orderId, error, log);
    if (settlement.kind === 'failed') {
      if (error.code === 'payment_intent_unexpected_state') throw new ConflictError('Order can no longer be paid');
      if (error.param === 'payment_method') throw new BadRequestError(error.message, 'paymentMethod');
    }
    return answerFor(settlement);
  }
  // Unreachable, timed out, 5xx, rate-limited, or our key refused: not the buyer's fault, and Stripe may or may not
  // have charged. The charge stays `created`, with its PaymentIntent id if Stripe gave one: a retry sends the same
  // keyed requests, and the reconciliation asks Stripe what happened once no call can still be running.
  log.error({ err: error, orderId }, 'Stripe call failed');
  throw new ServiceUnavailableError('The payment provider is not available; please try again');
}

/**
 * Stores the failure Stripe answered, through failChargeAfterCancel (the intent is cancelled first). When the cancel
 * cannot be made (Stripe unreachable) the buyer still hears of the refusal (402) and the charge stays `created`: the
 * reconciliation cancels and fails it later.
 */
async function failAfterRefusal(
  orderId: string,
  error: Stripe.errors.StripeError,
  log: Logger,
): Promise<IntentSettlement> {
  try {
    return await failChargeAfterCancel(orderId, error.payment_intent, error.message, log);
  } catch (cancelError) {
    log.error({ err: cancelError, orderId }, 'cancelling a refused PaymentIntent failed; the reconciliation will');
    throw new PaymentDeclinedError(error.message);
  }
}
