import { runChecks, type RunEvidence } from '../src/checks';
import { AnswerLog } from '../src/recording-visitor';
import type { NoticeRow, OrderCopyRow, OrderRow, PayoutRow, Snapshot } from '../src/snapshot';

const CHECK = 'every order told once to each party';

const BUYER = 'buyer-1';
const SELLER = 'organiser-1';
const HOLD_MS = 15_000;
const PLACED_AT = Date.parse('2026-12-01T12:00:00.000Z');

const evidence: RunEvidence = {
  record: { log: new AnswerLog(), placed: [], paid: [], cancelledByBuyer: new Set(), resaleListings: 0 },
  windows: [],
  loadStartedAt: PLACED_AT,
  expiryGraceMs: 6000,
};

function order(id: string, status: string, cancelReason: string | null = null): OrderRow {
  return {
    id,
    userId: BUYER,
    ticketId: `ticket-of-${id}`,
    status,
    priceCents: 5000,
    feeCents: 500,
    totalCents: 5500,
    expiresAt: PLACED_AT + HOLD_MS,
    createdAt: PLACED_AT,
    version: status === 'created' ? 0 : 1,
    cancelReason,
  };
}

/** payments' copy, naming the seller as order.created did. */
function copyOf(placed: OrderRow): OrderCopyRow {
  const status = placed.status === 'complete' ? 'paid' : placed.status === 'cancelled' ? 'closed' : 'open';
  const { id, userId, ticketId, priceCents, feeCents, totalCents, expiresAt } = placed;
  return { id, userId, ticketId, priceCents, feeCents, totalCents, expiresAt, status, sellerId: SELLER };
}

/** By default each notice from an envelope of its own, named after what it tells. */
function notice(orderId: string, kind: string, recipientId: string, envelopeId = `${kind}:${orderId}`): NoticeRow {
  return { recipientId, kind, orderId, envelopeId };
}

const PAID = order('order-paid', 'complete');
const EXPIRED = order('order-expired', 'cancelled', 'expired');
const GIVEN_UP = order('order-given-up', 'cancelled', 'cancelled');
const HOLDING = order('order-holding', 'created');
const ORDERS = [PAID, EXPIRED, GIVEN_UP, HOLDING];
const SENT_PAYOUT: PayoutRow = { orderId: PAID.id, sellerId: SELLER, state: 'sent' };

/** What notifications owes the four orders above, the paid one's payout sent: each once. */
const everyNoticeOnce = (): NoticeRow[] => [
  ...ORDERS.map((placed) => notice(placed.id, 'order-held', BUYER)),
  // One order.completed tells both parties.
  notice(PAID.id, 'order-paid', BUYER, `order.completed:${PAID.id}`),
  notice(PAID.id, 'ticket-sold', SELLER, `order.completed:${PAID.id}`),
  notice(PAID.id, 'payout-sent', SELLER),
  notice(EXPIRED.id, 'order-expired', BUYER),
  notice(GIVEN_UP.id, 'order-cancelled', BUYER),
];

function snapshotWith(parts: Partial<Pick<Snapshot, 'orders' | 'orderCopies' | 'payouts' | 'notices'>>): Snapshot {
  return {
    takenAt: PLACED_AT + 60_000,
    tickets: { value: [] },
    events: { value: [] },
    transfers: { value: [] },
    ticketReplica: { value: [] },
    orders: { value: ORDERS },
    orderCopies: { value: ORDERS.map(copyOf) },
    payments: { value: [] },
    refunds: { value: 0 },
    payouts: { value: [SENT_PAYOUT] },
    notices: { value: everyNoticeOnce() },
    pendingOutbox: { value: {} },
    bus: { value: { parked: [], backlogs: [] } },
    ...parts,
  };
}

const findings = (snapshot: Snapshot) =>
  runChecks(snapshot, evidence)
    .filter((violation) => violation.check === CHECK)
    .map((violation) => violation.detail);

describe(CHECK, () => {
  it('when every party of every order was told each thing once, then it passes', () => {
    expect(findings(snapshotWith({}))).toEqual([]);
  });

  it("when a paid order's seller was not told of the sale, then it names the seller and the notice missing", () => {
    const notices = everyNoticeOnce().filter((told) => told.kind !== 'ticket-sold');

    expect(findings(snapshotWith({ notices: { value: notices } }))).toEqual([`order ${PAID.id} (complete): its seller ${SELLER} was not told ticket-sold`]);
  });

  it('when the sale was told to the buyer instead of its seller, then it reports both', () => {
    const notices = everyNoticeOnce().map((told) => (told.kind === 'ticket-sold' ? { ...told, recipientId: BUYER } : told));

    expect(findings(snapshotWith({ notices: { value: notices } }))).toEqual([
      `order ${PAID.id} (complete): its seller ${SELLER} was not told ticket-sold`,
      `order ${PAID.id} (complete): its buyer ${BUYER} was told ticket-sold (envelope order.completed:${PAID.id}), which the order does not call for`,
    ]);
  });

  it('when a buyer was told of a hold twice, then it names both envelopes', () => {
    const notices = [...everyNoticeOnce(), notice(HOLDING.id, 'order-held', BUYER, 'order.created-again')];

    expect(findings(snapshotWith({ notices: { value: notices } }))).toEqual([
      `order ${HOLDING.id} (created): its buyer ${BUYER} was told order-held 2 times (envelopes order-held:${HOLDING.id}, order.created-again)`,
    ]);
  });

  it('when the buyer of an expired order was told it was cancelled, then it reports the wrong notice and the missing one', () => {
    const notices = everyNoticeOnce().map((told) => (told.kind === 'order-expired' ? { ...told, kind: 'order-cancelled' } : told));

    expect(findings(snapshotWith({ notices: { value: notices } }))).toEqual([
      `order ${EXPIRED.id} (cancelled, expired): its buyer ${BUYER} was not told order-expired`,
      `order ${EXPIRED.id} (cancelled, expired): its buyer ${BUYER} was told order-cancelled (envelope order-expired:${EXPIRED.id}), which the order does not call for`,
    ]);
  });

  it('when an order still holding its ticket has a notice of payment, then that notice is one it does not call for', () => {
    const notices = [...everyNoticeOnce(), notice(HOLDING.id, 'order-paid', BUYER, 'order.completed-early')];

    expect(findings(snapshotWith({ notices: { value: notices } }))).toEqual([
      `order ${HOLDING.id} (created): its buyer ${BUYER} was told order-paid (envelope order.completed-early), which the order does not call for`,
    ]);
  });

  it('when a notice tells of an order that orders does not have, then it names that order', () => {
    const notices = [...everyNoticeOnce(), notice('order-unknown', 'order-held', BUYER, 'order.created-unknown')];

    expect(findings(snapshotWith({ notices: { value: notices } }))).toEqual([
      `notices of order order-unknown, which orders does not have: order-held (envelope order.created-unknown) to ${BUYER}`,
    ]);
  });

  it('when a seller was told of a payout that payments has not sent, then it reports it', () => {
    const pending: PayoutRow = { ...SENT_PAYOUT, state: 'pending' };

    expect(findings(snapshotWith({ payouts: { value: [pending] } }))).toEqual([
      `order ${PAID.id} (complete): its seller ${SELLER} was told payout-sent (envelope payout-sent:${PAID.id}), which the order does not call for`,
    ]);
  });

  it("when notifications' notices table is not there yet, then it reports the part unreadable instead of a verdict", () => {
    const snapshot = snapshotWith({ notices: { error: 'relation "notices" does not exist' } });

    expect(findings(snapshot)).toEqual([`not checked: notifications' notices could not be read: relation "notices" does not exist`]);
  });
});
