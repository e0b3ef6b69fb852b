import type { ChargeJson } from '@ticketing/common';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/alert';
import { SignInRequired } from '@/components/sign-in-required';
import { LiveOrderStatus, OrderStatusProvider } from '@/components/live-order-status';
import { listCharges, listOrders } from '@/lib/api-server';
import type { ApiResult } from '@/lib/api-result';
import { chargeStatusLabel, formatPrice } from '@/lib/format';

export const metadata: Metadata = { title: 'My orders' };

/** One line for the payment column: the latest charge's status, and whether it was refunded. */
function PaymentCell({ charges }: { charges: ApiResult<ChargeJson[]> }) {
  if (!charges.ok) return <span className="hint">unknown</span>;
  if (charges.data.length === 0) return <span className="hint">—</span>;
  const refunded = charges.data.some((c) => c.stripeRefundId);
  const last = charges.data[charges.data.length - 1];
  return (
    <span data-testid="order-payment" data-status={last?.status}>
      {last ? (chargeStatusLabel[last.status] ?? last.status) : ''}
      {refunded && (
        <>
          {', '}
          <strong data-testid="order-refunded">refunded</strong>
        </>
      )}
    </span>
  );
}

export default async function OrdersPage() {
  const result = await listOrders();
  if (!result.ok) {
    return (
      <>
        <h1>My orders</h1>
        {result.status === 401 ? (
          <SignInRequired action="see your orders" />
        ) : (
          <Alert
            messages={result.errors.map((e) => e.message)}
            title="Could not load your orders"
            testId="orders-error"
          />
        )}
      </>
    );
  }

  // One charges request per order, in parallel: a buyer has few orders, and only payments knows refunds.
  const orders = result.data;
  const charges = await Promise.all(orders.map((order) => listCharges(order.id)));

  return (
    <>
      <h1>My orders</h1>
      {orders.length === 0 ? (
        <p className="empty" data-testid="orders-empty">
          No orders yet. <Link href="/">Find a ticket</Link>
        </p>
      ) : (
        <OrderStatusProvider
          initial={orders.map(({ id, version, status }) => ({ id, version, status }))}
          resyncPath="/api/orders"
        >
          <table className="table" data-testid="orders-table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Price</th>
                <th scope="col">Status</th>
                <th scope="col">Payment</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order, i) => (
                <tr key={order.id} data-testid="order-row" data-order-id={order.id}>
                  <td>
                    <Link href={`/orders/${order.id}`} data-testid="order-ticket-title">
                      {order.ticket.title}
                    </Link>
                  </td>
                  <td>{formatPrice(order.ticket.price)}</td>
                  <td>
                    <LiveOrderStatus id={order.id} status={order.status} />
                  </td>
                  <td>{charges[i] && <PaymentCell charges={charges[i]} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </OrderStatusProvider>
      )}
    </>
  );
}
