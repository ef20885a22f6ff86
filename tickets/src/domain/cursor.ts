/**
 * Keyset pagination over (createdAt, id), newest first: the cursor names the last ticket of a page,
 * so pages stay stable while tickets are listed or sold in between, and no OFFSET scan grows.
 */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor({ createdAt, id }: Cursor): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** null for anything that is not a cursor this service made. */
export function decodeCursor(value: string): Cursor | null {
  const [iso, id, ...rest] = Buffer.from(value, 'base64url').toString().split('|');
  if (!iso || !id || rest.length > 0) return null;
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) return null;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { createdAt, id };
}
