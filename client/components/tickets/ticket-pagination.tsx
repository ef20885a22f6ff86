import Link from 'next/link';

/**
 * The API pages forwards with an opaque cursor, so there is a next page and a way back to the first;
 * the browser's Back button returns to the previous page.
 */
export function TicketPagination({ search, cursor, nextCursor }: { search: string; cursor?: string; nextCursor: string | null }) {
  if (!cursor && !nextCursor) return null;
  const href = (next?: string) => {
    const params = new URLSearchParams();
    if (search) params.set('q', search);
    if (next) params.set('cursor', next);
    const query = params.toString();
    return query ? `/?${query}` : '/';
  };
  return (
    <nav aria-label="Pages of tickets" className="pagination">
      {cursor && (
        <Link href={href()} className="button button-secondary">
          ← First page
        </Link>
      )}
      {nextCursor && (
        <Link href={href(nextCursor)} className="button button-secondary" rel="next">
          Next page →
        </Link>
      )}
    </nav>
  );
}
