/**
 * What a notice tells its recipient: a hold began, an order was paid (to the buyer) or sold (to the
 * seller), a hold ran out or was given up, a seller's proceeds were sent.
 */
export const NOTICE_KINDS = ['order-held', 'order-paid', 'ticket-sold', 'order-expired', 'order-cancelled', 'payout-sent'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * Where an e-mail stands in the send log: waiting to be sent (again), taken by the mail server, or
 * refused by it for good (an address it says does not exist), which no retry would change.
 */
export const EMAIL_STATES = ['pending', 'sent', 'refused'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];
