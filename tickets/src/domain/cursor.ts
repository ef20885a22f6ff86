/** Keyset pagination over (a price, id), for listings cheapest first. */
export interface PriceCursor {
  priceCents: number;
  id: string;
}

/** Marked, so that a cursor of one ordering is refused by the other rather than misread. */
const PRICE_CURSOR_MARK = 'price';

export function encodePriceCursor({ priceCents, id }: PriceCursor): string {
  return Buffer.from(`${PRICE_CURSOR_MARK}|${priceCents}|${id}`).toString('base64url');
}

/** null for anything that is not a price cursor this service made. */
export function decodePriceCursor(value: string): PriceCursor | null {
  const [mark, cents, id, ...rest] = Buffer.from(value, 'base64url').toString().split('|');
  if (mark !== PRICE_CURSOR_MARK || !cents || !id || rest.length > 0) return null;
  if (!/^\d{1,12}$/.test(cents) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { priceCents: Number(cents), id };
}
