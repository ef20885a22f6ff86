/**
 * The NOTIFY channel on which triggers (migration 0006) announce, by its id, each ticket whose
 * orders or replica row changed: what may turn a refused purchase into one that can succeed. An
 * empty payload means every ticket.
 */
export const PURCHASES_CHANGED_CHANNEL = 'purchases_changed';
