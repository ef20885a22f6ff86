import Link from 'next/link';

export default function OrderNotFound() {
  return (
    <div className="narrow">
      <h1>Order not found</h1>
      <p>There is no such order among yours.</p>
      <Link href="/orders">See your orders</Link>
    </div>
  );
}
