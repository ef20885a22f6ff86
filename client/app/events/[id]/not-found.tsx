import Link from 'next/link';

export default function EventNotFound() {
  return (
    <div className="narrow">
      <h1>Event not found</h1>
      <p>There is no such event. The link may be mistyped.</p>
      <Link href="/">See the upcoming events</Link>
    </div>
  );
}
