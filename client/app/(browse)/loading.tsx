import { Loading } from '@/components/ui/loading';

/**
 * Shown while the tickets on sale load, and while a search runs. Only this page has a loading state:
 * one streams the response before the page has run, so a page that may answer 404 or send a
 * signed-out visitor to sign in (a ticket, an order, the account pages) would answer 200 instead.
 */
export default function BrowseLoading() {
  return <Loading label="Loading tickets…" />;
}
