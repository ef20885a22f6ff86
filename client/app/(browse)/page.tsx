import { TicketResults } from '@/components/tickets/ticket-results';
import { TicketSearch } from '@/components/tickets/ticket-search';
import { listTicketsOnSale } from '@/lib/api';
import { firstParam, type SearchParams } from '@/lib/search-params';

export default async function BrowsePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const search = firstParam(params.q)?.trim() ?? '';
  const cursor = firstParam(params.cursor) || undefined;
  const page = await listTicketsOnSale({ search, cursor });
  return (
    <>
      <h1>Tickets on sale</h1>
      <TicketSearch search={search} />
      <TicketResults page={page} search={search} cursor={cursor} />
    </>
  );
}
