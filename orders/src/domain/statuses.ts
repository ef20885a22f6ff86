import type { CancelReason, OrderStatus } from '@ticketing/common';

/** The order vocabulary, in a leaf module that both the schema and the rules import. */
export const ORDER_STATUSES = ['created', 'cancelled', 'complete'] as const satisfies readonly OrderStatus[];

/**
 * An order in one of these holds its ticket: nobody else can order it. A paid order holds it no
 * more: the sale moves the ticket to its buyer, who may sell it again (assertNotTaken keeps it from
 * sale until the replica hears of the move).
 */
export const ACTIVE_ORDER_STATUSES = ['created'] as const satisfies readonly OrderStatus[];

export const CANCEL_REASONS = ['expired', 'cancelled'] as const satisfies readonly CancelReason[];
