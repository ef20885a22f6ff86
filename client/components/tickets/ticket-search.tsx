import Form from 'next/form';

/** A plain GET form: the search lives in the URL, so it can be shared, bookmarked and gone back to. */
export function TicketSearch({ search }: { search: string }) {
  return (
    <Form action="/" className="search" role="search">
      <label htmlFor="ticket-search">Search tickets by title</label>
      <div className="search-row">
        <input id="ticket-search" name="q" type="search" defaultValue={search} maxLength={200} placeholder="e.g. Stadium tour" />
        <button type="submit" className="button button-primary">
          Search
        </button>
      </div>
    </Form>
  );
}
