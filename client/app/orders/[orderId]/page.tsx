import type { OrderJson } from '@ticketing/common';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ETicket } from '@/components/e-ticket';
import { OrderStatusProvider } from '@/components/live-order-status';
import { LoadFailed } from '@/components/load-failed';
import { OrderPurchase } from '@/components/order-purchase';
import { getOrder, listCharges } from '@/lib/api-server';
import { isObjectId } from '@/lib/format';
import { qrCodeSvg } from '@/lib/qr-code';
import { paymentConfig } from '@/lib/server-config';

export const metadata: Metadata = { title: 'Purchase' };

type OrderPageProps = { params: Promise<{ orderId: string }> };

/** What the viewer holds of a completed order: its e-ticket (the holder), or where it went (who transferred it). */
async function OrderTicket({ order }: { order: OrderJson }) {
  if (order.transfer?.direction === 'from-you') {
    return (
      <section className="card eticket" aria-labelledby="eticket-heading">
        <h2 id="eticket-heading">Your e-ticket</h2>
        <p className="eticket-title" data-testid="eticket-transferred">
          Transferred to {order.transfer.email ?? 'another user'}
        </p>
        <p className="hint">Its code is theirs now: the one you had no longer gets in.</p>
      </section>
    );
  }
  // A disputed order's e-ticket is void (DESIGN §12): its code is not shown as if it still got in.
  if (!order.eticket || order.disputedAt) return null;
  return (
    <ETicket
      orderId={order.id}
      ticketTitle={order.ticket.title}
      eticket={order.eticket}
      qrSvg={await qrCodeSvg(order.eticket.code)}
      received={order.transfer?.direction === 'to-you'}
    />
  );
}

export default async function OrderPage({ params }: OrderPageProps) {
  const { orderId } = await params;
  if (!isObjectId(orderId)) notFound();
  const [result, charges] = await Promise.all([getOrder(orderId), listCharges(orderId)]);
  if (!result.ok && result.status === 404) notFound();

  return (
    // With an e-ticket on it, the page prints the ticket alone (globals.css).
    <div className={result.ok && result.data.eticket ? 'narrow eticket-page' : 'narrow'}>
      <h1>Purchase</h1>
      {result.ok ? (
        <>
          <OrderStatusProvider
            initial={[{ id: result.data.id, version: result.data.version, status: result.data.status }]}
            resyncPath={`/api/orders/${result.data.id}`}
          >
            <OrderPurchase
              initialOrder={result.data}
              charges={charges.ok ? charges.data : []}
              renderedAt={Date.now()}
              cardEntry={paymentConfig()}
            />
          </OrderStatusProvider>
          <OrderTicket order={result.data} />
        </>
      ) : (
        <LoadFailed failure={result} signInTo="see this order" title="Could not load this order" testId="order-error" />
      )}
    </div>
  );
}
