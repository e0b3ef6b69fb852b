'use client';

import type { ChargeJson, OrderJson, OrderStatus } from '@ticketing/common';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api-browser';
import { formatCountdown } from '@/lib/countdown';
import { formatPrice, isOrderOpen, orderStatusLabel } from '@/lib/format';
import { runPayment, type PaymentOutcome } from '@/lib/payment-flow';
// A type only, which the build erases: server-config.ts itself is server-only.
import type { PaymentConfig } from '@/lib/server-config';
import type { StripeJsError } from '@/lib/stripe-errors';
import { toCents } from '@/lib/cents';
import { CardPayment } from './card-payment';
import { useOrderStatus } from './live-order-status';
import { StatusBadge } from './status-badge';
import { TestCardForm } from './test-card-form';
import { useSecondsLeft } from './use-seconds-left';

type OrderPurchaseProps = {
  initialOrder: OrderJson;
  /** The charges already recorded for this order, from the server render (empty when unknown). */
  charges: ChargeJson[];
  /** Server time of the render, in ms: the countdown's first frame must match the server's HTML. */
  renderedAt: number;
  /**
   * How the buyer enters a card: Stripe's test cards (STRIPE_TEST_CARDS=true, the local Stripe fake), or the Payment
   * Element with the publishable key (production).
   */
  cardEntry: PaymentConfig;
};

const POLL_INTERVAL_MS = 500;
const POLL_ATTEMPTS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The purchasing page: order status, the lock's countdown, and the Pay form with its outcome. */
export function OrderPurchase({ initialOrder, charges, renderedAt, cardEntry }: OrderPurchaseProps) {
  const [order, setOrder] = useState(initialOrder);
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const payable = isOrderOpen(order.status) && outcome?.kind !== 'success';
  const seconds = useSecondsLeft(order.expiresAt, renderedAt, payable);
  const expired = seconds === 0;
  // An order cancelled by its deadline keeps saying so; one cancelled by a declined card does not.
  const showCountdown = payable || (order.status === 'cancelled' && expired && outcome?.kind !== 'declined');

  /**
   * The order's status changes through events after the payment answer (DESIGN §5: ChargeCreated →
   * orders), so poll briefly until it shows `expected`. Meanwhile a still-open status from the server
   * does not overwrite what the payment answer already told us.
   */
  const refreshOrder = useCallback(
    async (expected: OrderStatus | null) => {
      for (let attempt = 0; attempt < (expected ? POLL_ATTEMPTS : 1); attempt++) {
        if (attempt > 0) await sleep(POLL_INTERVAL_MS);
        const result = await api.getOrder(order.id);
        if (!mounted.current) return;
        if (!result.ok) continue;
        if (expected === null || !isOrderOpen(result.data.status)) setOrder(result.data);
        if (expected === null || result.data.status === expected) return;
      }
    },
    [order.id],
  );

  // When the lock runs out, expiration cancels the order; show that once the API knows it.
  useEffect(() => {
    if (payable && expired) void refreshOrder('cancelled');
  }, [payable, expired, refreshOrder]);

  // The order's live status (GET /api/orders/live): a newer version than the one shown wins, so that a cancellation
  // by expiry or a completion shows without a reload, and an older event never undoes a newer state.
  const live = useOrderStatus(order.id);
  useEffect(() => {
    if (live) setOrder((o) => (live.version > o.version ? { ...o, status: live.status, version: live.version } : o));
  }, [live]);

  // Completed while on this page: the e-ticket comes with the order as the API answers it once completed, and its QR
  // code is drawn on the server (DESIGN §12), so the order is read again and then the page rendered again with it.
  const router = useRouter();
  const completedHere = initialOrder.status !== 'completed' && order.status === 'completed';
  useEffect(() => {
    if (completedHere && !order.eticket) void refreshOrder('completed');
  }, [completedHere, order.eticket, refreshOrder]);
  useEffect(() => {
    if (order.eticket && !initialOrder.eticket) router.refresh();
  }, [order.eticket, initialOrder.eticket, router]);

  /** Pays with a PaymentMethod id, through 3-D Secure when the card asks for it and Stripe.js is there to show it. */
  async function pay(
    paymentMethod: string,
    handleNextAction?: (clientSecret: string) => Promise<{ error?: StripeJsError }>,
  ): Promise<PaymentOutcome> {
    setOutcome(null);
    const result = await runPayment({
      pay: () => api.pay(order.id, paymentMethod),
      confirm: () => api.confirmPayment(order.id),
      ...(handleNextAction && { handleNextAction }),
    });
    setOutcome(result);
    if (result.kind === 'success') {
      setOrder((o) => ({ ...o, status: 'completed' }));
      await refreshOrder('completed');
    } else if (result.kind === 'declined') {
      setOrder((o) => ({ ...o, status: 'cancelled' }));
      await refreshOrder('cancelled');
    } else {
      await refreshOrder(null);
    }
    return result;
  }

  const refunded = charges.find((c) => c.stripeRefundId);

  return (
    <section className="card" data-testid="order" data-order-id={order.id}>
      <dl className="details">
        <dt>Ticket</dt>
        <dd>
          <Link href={`/tickets/${order.ticket.id}`} data-testid="order-ticket-title">
            {order.ticket.title}
          </Link>
        </dd>
        <dt>Price</dt>
        <dd data-testid="order-ticket-price">{formatPrice(order.ticket.price)}</dd>
        <dt>Status</dt>
        <dd>
          {order.disputedAt ? (
            // Completed, then disputed by the buyer's bank (DESIGN §12): that is what matters now.
            <StatusBadge status="disputed" label="Disputed" testId="order-status" />
          ) : (
            <StatusBadge
              status={order.status}
              label={orderStatusLabel[order.status] ?? order.status}
              testId="order-status"
            />
          )}
        </dd>
      </dl>

      {showCountdown && (
        <p
          className={expired ? 'countdown countdown-expired' : 'countdown'}
          data-testid="countdown"
          data-seconds={seconds}
          aria-live="polite"
        >
          {formatCountdown(seconds)}
        </p>
      )}

      {outcome && (
        <div
          className={
            outcome.kind === 'success' ? 'outcome outcome-success' : outcome.kind === 'pending' ? 'notice' : 'alert'
          }
          role={outcome.kind === 'success' || outcome.kind === 'pending' ? 'status' : 'alert'}
          data-testid="payment-outcome"
          data-outcome={outcome.kind}
        >
          {outcome.messages.map((message, i) => (
            <p key={i}>{message}</p>
          ))}
        </div>
      )}

      {refunded && (
        <p className="notice" data-testid="order-refunded">
          {refunded.refundReason ?? 'This payment was refunded because it arrived after the order had been cancelled.'}
        </p>
      )}

      {payable && !expired && cardEntry.kind === 'test-cards' && (
        <TestCardForm submitLabel={`Pay ${formatPrice(order.ticket.price)}`} onPay={(pm) => pay(pm)} />
      )}

      {payable && !expired && cardEntry.kind === 'payment-element' && (
        <CardPayment
          publishableKey={cardEntry.publishableKey}
          amount={toCents(order.ticket.price)}
          submitLabel={`Pay ${formatPrice(order.ticket.price)}`}
          onPay={pay}
        />
      )}

      {order.disputedAt && (
        <p className="notice" data-testid="order-disputed">
          This payment was disputed with the card’s bank, so this order’s e-ticket is no longer valid.
        </p>
      )}

      {order.status === 'completed' && !order.disputedAt && !outcome && (
        <p className="outcome outcome-success" data-testid="order-complete">
          This order is paid. Enjoy the event!
        </p>
      )}
      {order.status === 'cancelled' && order.cancelReason && !outcome && (
        <p className="outcome" role="status" data-testid="order-cancel-reason">
          {order.cancelReason}
        </p>
      )}
      {order.status === 'cancelled' && (
        <p>
          <Link href="/">Back to the events</Link>
        </p>
      )}
    </section>
  );
}
