const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * Rendered on the server, which does not know the visitor's time zone: times are shown in UTC and
 * say so, rather than in whatever zone the server happens to run in.
 */
export function formatDateTime(date: Date): string {
  return `${dateTime.format(date)} UTC`;
}
