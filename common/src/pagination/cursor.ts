/**
 * Keyset pagination over (an instant, id): the cursor names the last row of a page, so pages stay
 * stable while rows come and go in between, and no OFFSET scan grows. Tickets page by when they were
 * listed, events by when they start, notices by when they happened.
 */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor({ at, id }: Cursor): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** null for anything that is not a cursor this service made. */
export function decodeCursor(value: string): Cursor | null {
  const [iso, id, ...rest] = Buffer.from(value, 'base64url').toString().split('|');
  if (!iso || !id || rest.length > 0) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso) return null;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { at, id };
}

/**
 * A page from rows fetched one past its size, which tells whether another follows: the first `limit`
 * rows, and the cursor of the last of them when there is more.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
