/**
 * The NOTIFY channel on which a trigger (migration 0005) announces every statement that changed
 * tickets or events: whatever the public listings show.
 */
export const LISTINGS_CHANGED_CHANNEL = 'listings_changed';
