'use client';

import Link from 'next/link';

/** Anything a page could not recover from: the API down, or a bug. The server logs the details. */
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="narrow" role="alert">
      <h1>Something went wrong</h1>
      <p>We could not load this page. The service may be briefly unavailable.</p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="button button-secondary">
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
