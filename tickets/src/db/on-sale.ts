import { and, eq, isNull } from 'drizzle-orm';
import { tickets } from './schema';

/** Listed by its holder and neither held by an order nor sold: the predicate of the partial indexes on tickets. */
export const onSale = and(eq(tickets.listed, true), isNull(tickets.orderId), eq(tickets.sold, false));
