import Link from 'next/link';
import type { TicketPage } from '@/lib/api/types';
import { EmptyState } from '../ui/empty-state';
import { TicketGrid } from './ticket-grid';
import { TicketPagination } from './ticket-pagination';

interface TicketResultsProps {
  /** Null when the API refused the search or the cursor: a link edited by hand, or gone stale. */
  page: TicketPage | null;
  search: string;
  cursor?: string;
}

export function TicketResults({ page, search, cursor }: TicketResultsProps) {
  if (!page) {
    return (
      <EmptyState title="These results are no longer available.">
        <Link href="/">Back to the first page</Link>
      </EmptyState>
    );
  }
  if (page.tickets.length === 0) {
    if (search) {
      return (
        <EmptyState title={`No tickets on sale match “${search}”.`}>
          <Link href="/">Show all tickets</Link>
        </EmptyState>
      );
    }
    if (cursor) {
      return (
        <EmptyState title="No more tickets.">
          <Link href="/">Back to the first page</Link>
        </EmptyState>
      );
    }
    return (
      <EmptyState title="No tickets are on sale yet.">
        <Link href="/tickets/new" className="button button-primary">
          Be the first to sell one
        </Link>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" className={search ? undefined : 'visually-hidden'}>
        {search ? `Results for “${search}”` : 'Newest first'}
      </h2>
      <TicketGrid tickets={page.tickets} />
      <TicketPagination search={search} cursor={cursor} nextCursor={page.nextCursor} />
    </section>
  );
}
