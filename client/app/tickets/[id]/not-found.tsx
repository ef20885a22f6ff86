import Link from 'next/link';

export default function TicketNotFound() {
  return (
    <div className="narrow">
      <h1>Ticket not found</h1>
      <p>There is no such ticket. The link may be mistyped.</p>
      <Link href="/">See the upcoming events</Link>
    </div>
  );
}
