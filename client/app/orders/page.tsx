import type { ChargeJson, OrderTransferJson } from '@ticketing/common';
import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveOrderStatus, OrderStatusProvider } from '@/components/live-order-status';
import { LoadFailed } from '@/components/load-failed';
import { Table } from '@/components/table';
import { Pager } from '@/components/pager';
import { listCharges, listOrders } from '@/lib/api-server';
import { pageCursor, pagePath } from '@/lib/page';
import type { ApiResult } from '@/lib/api-result';
import { chargeStatusLabel, formatPrice } from '@/lib/format';

export const metadata: Metadata = { title: 'My orders' };

/** The payment column: the status of the order's charge (payments keeps one per order), and whether it was refunded. */
function PaymentCell({ charges }: { charges: ApiResult<ChargeJson[]> }) {
  if (!charges.ok) return <span className="hint">unknown</span>;
  const charge = charges.data[0];
  if (!charge) return <span className="hint">—</span>;
  return (
    <span data-testid="order-payment" data-status={charge.status}>
      {chargeStatusLabel[charge.status] ?? charge.status}
      {Boolean(charge.stripeRefundId) && (
        <>
          {', '}
          <strong data-testid="order-refunded">{charge.refundReason ?? 'refunded'}</strong>
        </>
      )}
    </span>
  );
}

/** Beside the ticket's title: how the order changed hands, if it did (DESIGN §12). */
function TransferNote({ transfer }: { transfer: OrderTransferJson | undefined }) {
  if (!transfer) return null;
  return (
    <span className="tag order-transfer" data-testid="order-transfer" data-direction={transfer.direction}>
      {transfer.direction === 'to-you' ? 'transferred to you' : `transferred to ${transfer.email ?? 'another user'}`}
    </span>
  );
}

type OrdersProps = { searchParams: Promise<{ before?: string | string[] }> };

export default async function OrdersPage({ searchParams }: OrdersProps) {
  const cursor = pageCursor((await searchParams).before);
  const result = await listOrders(cursor);
  // One charges request per order of the page (at most PAGE_SIZE), in parallel: only payments knows refunds.
  const charges = result.ok ? await Promise.all(result.data.map((order) => listCharges(order.id))) : [];

  return (
    <>
      <h1>My orders</h1>
      {!result.ok ? (
        <LoadFailed
          failure={result}
          signInTo="see your orders"
          title="Could not load your orders"
          testId="orders-error"
        />
      ) : result.data.length === 0 ? (
        <p className="empty" data-testid="orders-empty">
          {cursor ? 'No older orders.' : 'No orders yet.'} <Link href="/">Find a ticket</Link>
        </p>
      ) : (
        <OrderStatusProvider
          initial={result.data.map(({ id, version, status }) => ({ id, version, status }))}
          resyncPath={pagePath('/api/orders', cursor)}
        >
          <Table testId="orders-table" columns={['Ticket', 'Price', 'Status', 'Payment']}>
            {result.data.map((order, i) => (
              <tr key={order.id} data-testid="order-row" data-order-id={order.id}>
                <td>
                  <Link href={`/orders/${order.id}`} data-testid="order-ticket-title">
                    {order.ticket.title}
                  </Link>{' '}
                  <TransferNote transfer={order.transfer} />
                  {order.disputedAt && (
                    <span className="tag" data-testid="order-disputed">
                      disputed
                    </span>
                  )}
                </td>
                <td>{formatPrice(order.ticket.price)}</td>
                <td>
                  <LiveOrderStatus id={order.id} status={order.status} />
                </td>
                <td>{charges[i] && <PaymentCell charges={charges[i]} />}</td>
              </tr>
            ))}
          </Table>
          <Pager basePath="/orders" cursor={cursor} items={result.data} noun="orders" />
        </OrderStatusProvider>
      )}
    </>
  );
}
