import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address. The link may be mistyped, or out of date.</p>
      <Link href="/">See the upcoming events</Link>
    </div>
  );
}
