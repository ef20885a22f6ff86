import type { Metadata } from 'next';
import { OrderList } from '@/components/orders/order-list';
import { listMyOrders, requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'My orders' };

export default async function MyOrdersPage() {
  await requireUser('/orders');
  const orders = await listMyOrders();
  return (
    <>
      <h1>My orders</h1>
      <OrderList orders={orders} now={new Date()} />
    </>
  );
}
