import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OrderDetails } from '@/components/orders/order-details';
import { getOrder, getPaymentSetup, requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'Your order' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const order = await getOrder(id);
  if (!order) notFound();
  const paymentSetup = order.status === 'awaiting-payment' ? await getPaymentSetup() : null;
  return <OrderDetails order={order} paymentSetup={paymentSetup} now={new Date()} />;
}
