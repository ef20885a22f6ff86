'use client';

import './globals.css';

/** When even the layout (the header) fails: the whole document has to be drawn here. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="container narrow" role="alert">
          <h1>Something went wrong</h1>
          <p>Ticketing could not load. The service may be briefly unavailable.</p>
          <button type="button" className="button button-primary" onClick={() => retry()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
