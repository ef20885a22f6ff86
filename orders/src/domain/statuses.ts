import type { CancelReason, OrderStatus } from '@ticketing/common';

/** The order vocabulary, in a leaf module that both the schema and the rules import. */
export const ORDER_STATUSES = ['created', 'cancelled', 'complete'] as const satisfies readonly OrderStatus[];

/** An order in one of these holds its ticket: nobody else can order it. */
export const ACTIVE_ORDER_STATUSES = ['created', 'complete'] as const satisfies readonly OrderStatus[];

export const CANCEL_REASONS = ['expired', 'cancelled'] as const satisfies readonly CancelReason[];
