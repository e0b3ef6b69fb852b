'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import type { Charge, Order, OrderStatus } from '@/lib/api-types';
import { formatCountdown } from '@/lib/countdown';
import { formatPrice, isOrderOpen, orderStatusLabel } from '@/lib/format';
import { TEST_CARDS } from '@/lib/test-cards';
import { StatusBadge } from './status-badge';
import { useSecondsLeft } from './use-seconds-left';

type Outcome = { kind: 'success' | 'declined' | 'error'; messages: string[] };

type OrderPurchaseProps = {
  initialOrder: Order;
  /** The charges already recorded for this order, from the server render (empty when unknown). */
  charges: Charge[];
  /** Server time of the render, in ms: the countdown's first frame must match the server's HTML. */
  renderedAt: number;
  /** Offer Stripe's test cards (STRIPE_TEST_CARDS=true on the client's server). */
  testCards: boolean;
};

const POLL_INTERVAL_MS = 500;
const POLL_ATTEMPTS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The purchasing page: order status, the lock's countdown, and the Pay form with its outcome. */
export function OrderPurchase({ initialOrder, charges, renderedAt, testCards }: OrderPurchaseProps) {
  const [order, setOrder] = useState(initialOrder);
  const [paymentMethod, setPaymentMethod] = useState<string>(TEST_CARDS[0].paymentMethod);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
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

  async function onPay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setOutcome(null);
    const result = await api.pay(order.id, paymentMethod);
    setSubmitting(false);
    if (result.ok) {
      setOutcome({ kind: 'success', messages: ['Payment received — order complete'] });
      setOrder((o) => ({ ...o, status: 'completed' }));
      await refreshOrder('completed');
    } else if (result.status === 402) {
      // DESIGN §3: a declined card cancels the order, so the ticket goes back on sale.
      setOutcome({
        kind: 'declined',
        messages: [...result.errors.map((e) => e.message), 'The order has been cancelled.'],
      });
      setOrder((o) => ({ ...o, status: 'cancelled' }));
      await refreshOrder('cancelled');
    } else {
      setOutcome({ kind: 'error', messages: result.errors.map((e) => e.message) });
      await refreshOrder(null);
    }
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
          <StatusBadge
            status={order.status}
            label={orderStatusLabel[order.status] ?? order.status}
            testId="order-status"
          />
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
          className={outcome.kind === 'success' ? 'outcome outcome-success' : 'alert'}
          role={outcome.kind === 'success' ? 'status' : 'alert'}
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
          This payment was refunded because it arrived after the order had been cancelled.
        </p>
      )}

      {payable && !expired && testCards && (
        <form className="form pay-form" onSubmit={onPay} data-testid="pay-form">
          <div className="field">
            <label htmlFor="payment-method">Test card</label>
            <select
              id="payment-method"
              name="paymentMethod"
              value={paymentMethod}
              onChange={(e) => setPaymentMethod(e.target.value)}
              data-testid="card-select"
            >
              {TEST_CARDS.map((card) => (
                <option key={card.paymentMethod} value={card.paymentMethod}>
                  {card.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={submitting} data-testid="pay-button">
            {submitting ? 'Paying…' : `Pay ${formatPrice(order.ticket.price)}`}
          </button>
        </form>
      )}

      {payable && !expired && !testCards && (
        <p className="notice" data-testid="payments-unavailable">
          Card entry is not available in this deployment. (Set STRIPE_TEST_CARDS=true on the client to pay with
          Stripe&apos;s test cards.)
        </p>
      )}

      {order.status === 'completed' && !outcome && (
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
          <Link href="/">Back to the tickets</Link>
        </p>
      )}
    </section>
  );
}
