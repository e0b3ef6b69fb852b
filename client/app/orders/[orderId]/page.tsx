import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OrderStatusProvider } from '@/components/live-order-status';
import { LoadFailed } from '@/components/load-failed';
import { OrderPurchase } from '@/components/order-purchase';
import { getOrder, listCharges } from '@/lib/api-server';
import { isObjectId } from '@/lib/format';
import { paymentConfig } from '@/lib/server-config';

export const metadata: Metadata = { title: 'Purchase' };

type OrderPageProps = { params: Promise<{ orderId: string }> };

export default async function OrderPage({ params }: OrderPageProps) {
  const { orderId } = await params;
  if (!isObjectId(orderId)) notFound();
  const [result, charges] = await Promise.all([getOrder(orderId), listCharges(orderId)]);
  if (!result.ok && result.status === 404) notFound();

  return (
    <div className="narrow">
      <h1>Purchase</h1>
      {result.ok ? (
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
      ) : (
        <LoadFailed failure={result} signInTo="see this order" title="Could not load this order" testId="order-error" />
      )}
    </div>
  );
}
