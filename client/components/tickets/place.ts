import type { Place } from '@/lib/api/types';

/** "Section 101 · Row C · Seat 12", as much as the organiser said; "General admission" with no seat. */
export function describePlace({ section, row, seat }: Place): string {
  const parts = [section && `Section ${section}`, row && `Row ${row}`, seat && `Seat ${seat}`].filter(Boolean);
  if (!seat) parts.push('General admission');
  return parts.join(' · ');
}
