import Form from 'next/form';
import Link from 'next/link';
import { hasFilters, type EventFilters } from '@/lib/event-search';
import { CATEGORY_OPTIONS } from './category';

/** A plain GET form: the search lives in the URL, so it can be shared, bookmarked and gone back to. */
export function EventFiltersForm({ filters }: { filters: EventFilters }) {
  return (
    <Form action="/" className="search event-filters" role="search">
      <div className="field search-text">
        <label htmlFor="filter-q">Search events</label>
        <input id="filter-q" name="q" type="search" defaultValue={filters.q} maxLength={200} placeholder="Artist, team, show or venue" />
      </div>
      <div className="filter-row">
        <div className="field">
          <label htmlFor="filter-city">City</label>
          <input id="filter-city" name="city" type="text" defaultValue={filters.city} maxLength={80} placeholder="Any city" />
        </div>
        <div className="field">
          <label htmlFor="filter-category">Category</label>
          <select id="filter-category" name="category" defaultValue={filters.category}>
            <option value="">Any category</option>
            {CATEGORY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">From</label>
          <input id="filter-from" name="from" type="date" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">To</label>
          <input id="filter-to" name="to" type="date" defaultValue={filters.to} />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Search
        </button>
        {hasFilters(filters) && (
          <Link href="/" className="button button-secondary">
            Clear filters
          </Link>
        )}
      </div>
    </Form>
  );
}
