import { duringAnyFault, type FaultWindow } from './faults';
import type { LoadRecord } from './load';
import { isFailure } from './recording-visitor';
import {
  ticketStatus,
  UnreadablePart,
  valueOf,
  type EventRow,
  type NoticeRow,
  type OrderCopyRow,
  type OrderRow,
  type PaymentRow,
  type PayoutRow,
  type ReplicaTicketRow,
  type Snapshot,
  type TicketRow,
  type TransferRow,
} from './snapshot';

/** What the run itself saw, beside what the databases and the stream hold. */
export interface RunEvidence {
  record: LoadRecord;
  windows: FaultWindow[];
  loadStartedAt: number;
  expiryGraceMs: number;
}

export interface Violation {
  check: string;
  detail: string;
}

interface Check {
  name: string;
  /** One line per problem found; none when the guarantee holds. */
  run(snapshot: Snapshot, evidence: RunEvidence): string[];
}

/** The services that keep an outbox, each of which must have published everything. */
const OUTBOX_SERVICES = ['tickets', 'orders', 'payments'];

/** The order status in which an order holds its ticket: a paid one has moved it to its buyer. */
const isHolding = (order: OrderRow) => order.status === 'created';

const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

const paymentsByOrder = (payments: readonly PaymentRow[]) => new Map(payments.map((payment) => [payment.orderId, payment]));

/** Each ticket's sales, oldest first. */
const salesByTicket = (transfers: readonly TransferRow[]) => groupBy([...transfers].sort((a, b) => a.transferredAt - b.transferredAt), (sale) => sale.ticketId);

/** Each event's organiser, to whom the run issues its tickets. */
const organiserOfEvent = (events: readonly EventRow[]) => new Map(events.map((event) => [event.id, event.organiserId]));

/** The fields of `actual` that differ from `expected`, as `field expected → actual`. */
function differences<T extends object>(expected: T, actual: T, fields: readonly (keyof T)[]): string[] {
  return fields.filter((field) => expected[field] !== actual[field]).map((field) => `${String(field)} ${String(expected[field])} → ${String(actual[field])}`);
}

/** What a sale must agree on with its order (the ticket, the buyer, the price) and with its ticket (the event). */
type SaleTerms = Pick<TransferRow, 'ticketId' | 'toUserId' | 'priceCents' | 'eventId'>;
const SALE_TERMS = ['ticketId', 'toUserId', 'priceCents', 'eventId'] as const;

/**
 * No ticket was sold twice. A ticket may now be sold again by the buyer it moved to, so two complete
 * orders of one ticket are fine only as a chain: each complete order moved its ticket exactly once,
 * to its own buyer, at its price; the sales of a ticket run from its organiser, each from the holder
 * the sale before left it with; and each sale's order was placed only after the sale before had moved
 * the ticket. Two buyers of one holder's ticket break the last two. At most one order awaits payment
 * for a ticket at a time.
 */
function noDoubleSale(snapshot: Snapshot): string[] {
  const orders = valueOf(snapshot.orders, "orders' orders");
  const tickets = byId(valueOf(snapshot.tickets, "tickets' tickets"));
  const transfers = valueOf(snapshot.transfers, "tickets' transfers");
  const organisers = organiserOfEvent(valueOf(snapshot.events, "tickets' events"));
  const ordersById = byId(orders);
  const salesOfOrder = groupBy(transfers, (sale) => sale.orderId);
  const problems: string[] = [];
  for (const [ticketId, holding] of groupBy(orders.filter(isHolding), (order) => order.ticketId)) {
    if (holding.length > 1) problems.push(`ticket ${ticketId} has ${holding.length} orders awaiting payment: ${holding.map((order) => order.id).join(', ')}`);
  }
  for (const order of orders.filter((order) => order.status === 'complete')) {
    const sales = salesOfOrder.get(order.id)?.length ?? 0;
    if (sales !== 1) problems.push(`order ${order.id} is complete, and tickets records ${sales} sales of ticket ${order.ticketId} by it`);
  }
  for (const sale of transfers) {
    const order = ordersById.get(sale.orderId);
    if (!order) {
      problems.push(`the sale of ticket ${sale.ticketId} by order ${sale.orderId}: orders has no such order`);
      continue;
    }
    const terms = { ticketId: order.ticketId, toUserId: order.userId, priceCents: order.priceCents, eventId: String(tickets.get(sale.ticketId)?.eventId) };
    const wrong = [...(order.status === 'complete' ? [] : [`orders has the order ${order.status}`]), ...differences<SaleTerms>(terms, sale, SALE_TERMS)];
    if (wrong.length > 0) problems.push(`the sale of ticket ${sale.ticketId} by order ${sale.orderId}: ${wrong.join(', ')}`);
  }
  for (const [ticketId, sales] of salesByTicket(transfers)) {
    let holder = organisers.get(sales[0]!.eventId);
    sales.forEach((sale, i) => {
      const before = sales[i - 1];
      if (sale.fromUserId !== holder) {
        problems.push(`ticket ${ticketId}: order ${sale.orderId} bought it from ${sale.fromUserId}, but ${before ? `order ${before.orderId} had moved it to ${holder}` : `it was issued to ${holder}`}`);
      }
      const placedAt = ordersById.get(sale.orderId)?.createdAt;
      if (before && placedAt !== undefined && placedAt <= before.transferredAt) {
        problems.push(`ticket ${ticketId}: order ${sale.orderId} was placed at ${iso(placedAt)}, before order ${before.orderId}'s sale moved it at ${iso(before.transferredAt)}`);
      }
      holder = sale.toUserId;
    });
  }
  return problems;
}

/**
 * Each 201 from POST /api/payments is a complete order whose sale moved its ticket to the buyer told
 * "paid", who holds it still or sold it on (the next sale is from them), and a paid order with a
 * succeeded payment in payments.
 */
function paidAnswersAreHonoured(snapshot: Snapshot, { record, loadStartedAt }: RunEvidence): string[] {
  const orders = byId(valueOf(snapshot.orders, "orders' orders"));
  const tickets = byId(valueOf(snapshot.tickets, "tickets' tickets"));
  const transfers = valueOf(snapshot.transfers, "tickets' transfers");
  const copies = byId(valueOf(snapshot.orderCopies, "payments' orders"));
  const payments = paymentsByOrder(valueOf(snapshot.payments, "payments' payments"));
  const saleOfOrder = new Map(transfers.map((sale) => [sale.orderId, sale]));
  const sales = salesByTicket(transfers);
  const problems: string[] = [];
  for (const paid of record.paid) {
    const order = orders.get(paid.orderId);
    const sale = saleOfOrder.get(paid.orderId);
    const copy = copies.get(paid.orderId);
    const payment = payments.get(paid.orderId);
    const ticketSales = sales.get(paid.ticketId) ?? [];
    const resale = sale && ticketSales[ticketSales.indexOf(sale) + 1];
    const holderAfter = resale ? resale.fromUserId : tickets.get(paid.ticketId)?.userId;
    const wrong = [
      order?.status === 'complete' ? undefined : `orders has it ${order?.status ?? 'missing'}`,
      sale?.ticketId === paid.ticketId && sale.toUserId === paid.buyerId
        ? undefined
        : `tickets ${sale ? `moved ticket ${sale.ticketId} to ${sale.toUserId} by it` : `recorded no sale of ticket ${paid.ticketId} by it`}`,
      !sale || holderAfter === paid.buyerId
        ? undefined
        : resale
          ? `order ${resale.orderId} then bought the ticket from ${resale.fromUserId}, not from its buyer`
          : `the ticket is held by ${holderAfter ?? 'nobody (missing)'}, not its buyer`,
      copy?.status === 'paid' ? undefined : `payments' copy is ${copy?.status ?? 'missing'}`,
      payment?.status === 'succeeded' ? undefined : `its payment is ${payment?.status ?? 'missing'}`,
    ].filter(Boolean);
    if (wrong.length > 0) problems.push(`order ${paid.orderId} of buyer ${paid.buyerId}, answered "paid" at +${seconds(paid.answeredAt - loadStartedAt)}: ${wrong.join('; ')}`);
  }
  return problems;
}

/** orders' complete ⇔ payments' copy paid ⇔ a succeeded payment; orders' cancelled ⇔ payments' copy closed. */
function ordersAndPaymentsAgree(snapshot: Snapshot): string[] {
  const orders = valueOf(snapshot.orders, "orders' orders");
  const copies = byId(valueOf(snapshot.orderCopies, "payments' orders"));
  const payments = paymentsByOrder(valueOf(snapshot.payments, "payments' payments"));
  const problems: string[] = [];
  for (const order of orders) {
    const copy = copies.get(order.id);
    // A missing copy is the replica check's finding.
    if (!copy) continue;
    const payment = payments.get(order.id);
    const complete = order.status === 'complete';
    const paid = copy.status === 'paid';
    const succeeded = payment?.status === 'succeeded';
    const cancelled = order.status === 'cancelled';
    const closed = copy.status === 'closed';
    if (complete !== paid || paid !== succeeded || cancelled !== closed) {
      problems.push(`order ${order.id}: orders ${order.status}, payments' copy ${copy.status}, payment ${payment?.status ?? 'none'}`);
    }
  }
  return problems;
}

/**
 * Each ticket is as its orders and sales leave it: held by the order awaiting payment for it, if one
 * is, with that order's buyer and price kept for the sale, else by none; its holder the buyer of its
 * last sale, or its organiser before any; its credential re-issued once for each sale; and never sold
 * in place, which only a ticket of no event or one held before tickets learned buyers can be, and the
 * run has neither.
 */
function ticketsFollowTheirOrders(snapshot: Snapshot): string[] {
  const tickets = valueOf(snapshot.tickets, "tickets' tickets");
  const holdingOrders = groupBy(valueOf(snapshot.orders, "orders' orders").filter(isHolding), (order) => order.ticketId);
  const sales = salesByTicket(valueOf(snapshot.transfers, "tickets' transfers"));
  const organisers = organiserOfEvent(valueOf(snapshot.events, "tickets' events"));
  const problems: string[] = [];
  for (const ticket of tickets) {
    const organiser = ticket.eventId === null ? undefined : organisers.get(ticket.eventId);
    if (organiser === undefined) {
      problems.push(`ticket ${ticket.id} belongs to no event of tickets' (event ${ticket.eventId}), and the run issues tickets of events only`);
      continue;
    }
    const holding = holdingOrders.get(ticket.id)?.[0];
    const ticketSales = sales.get(ticket.id) ?? [];
    const expected: Pick<TicketRow, 'orderId' | 'heldForUserId' | 'heldPriceCents' | 'userId' | 'credentialGeneration' | 'sold'> = {
      orderId: holding?.id ?? null,
      heldForUserId: holding?.userId ?? null,
      heldPriceCents: holding?.priceCents ?? null,
      userId: ticketSales.at(-1)?.toUserId ?? organiser,
      credentialGeneration: ticketSales.length,
      sold: false,
    };
    const differing = differences(expected, ticket, ['orderId', 'heldForUserId', 'heldPriceCents', 'userId', 'credentialGeneration', 'sold']);
    if (differing.length > 0) {
      const story = `${ticketSales.length === 1 ? '1 sale' : `${ticketSales.length} sales`}, ${holding ? `order ${holding.id} awaiting payment` : 'no order awaiting payment'}`;
      problems.push(`ticket ${ticket.id} (${story}): ${differing.join(', ')}`);
    }
  }
  return problems;
}

/**
 * orders' replica of tickets equals tickets' own: the same rows, title, price_cents, user_id, event_id,
 * listed and version, and starts_at that of the ticket's event, when orders closes its sales.
 */
function ticketReplicaEqualsTickets(snapshot: Snapshot): string[] {
  const tickets = valueOf(snapshot.tickets, "tickets' tickets");
  const replica = byId(valueOf(snapshot.ticketReplica, "orders' tickets"));
  const problems: string[] = [];
  for (const ticket of tickets) {
    const copy = replica.get(ticket.id);
    if (!copy) {
      problems.push(`ticket ${ticket.id} (version ${ticket.version}) is missing from orders' replica`);
      continue;
    }
    const differing = differences<ReplicaTicketRow>(ticket, copy, ['title', 'priceCents', 'userId', 'eventId', 'startsAt', 'listed', 'version']);
    if (differing.length > 0) problems.push(`ticket ${ticket.id} in orders' replica: ${differing.join(', ')}`);
    replica.delete(ticket.id);
  }
  for (const id of replica.keys()) problems.push(`orders' replica has ticket ${id}, which tickets does not`);
  return problems;
}

const cheapest = (cents: number | null) => (cents === null ? 'none' : `${cents} cents`);

/** Each event's summary counts its tickets whose status is `listed`, and names the lowest price among them (none: null). */
function eventSummariesMatchTheirTickets(snapshot: Snapshot): string[] {
  const events = valueOf(snapshot.events, "tickets' events");
  const listedByEvent = groupBy(
    valueOf(snapshot.tickets, "tickets' tickets").filter((ticket) => ticket.eventId !== null && ticketStatus(ticket) === 'listed'),
    (ticket) => ticket.eventId!,
  );
  const problems: string[] = [];
  for (const event of events) {
    const prices = (listedByEvent.get(event.id) ?? []).map((ticket) => ticket.priceCents);
    const lowest = prices.length === 0 ? null : Math.min(...prices);
    if (event.listedCount !== prices.length || event.lowestPriceCents !== lowest) {
      problems.push(`event ${event.id}: its summary says ${event.listedCount} listed, cheapest ${cheapest(event.lowestPriceCents)}; its tickets say ${prices.length}, cheapest ${cheapest(lowest)}`);
    }
  }
  return problems;
}

/**
 * payments' copy of orders equals orders' own: the same rows, user_id, ticket_id, price_cents, fee_cents,
 * total_cents (what the buyer is charged) and expires_at.
 */
function orderCopiesEqualOrders(snapshot: Snapshot): string[] {
  const orders = valueOf(snapshot.orders, "orders' orders");
  const copies = byId(valueOf(snapshot.orderCopies, "payments' orders"));
  const problems: string[] = [];
  for (const order of orders) {
    const copy = copies.get(order.id);
    if (!copy) {
      problems.push(`order ${order.id} (${order.status}) is missing from payments' copy`);
      continue;
    }
    const differing = differences<Pick<OrderRow & OrderCopyRow, 'userId' | 'ticketId' | 'priceCents' | 'feeCents' | 'totalCents' | 'expiresAt'>>(order, copy, [
      'userId',
      'ticketId',
      'priceCents',
      'feeCents',
      'totalCents',
      'expiresAt',
    ]);
    if (differing.length > 0) problems.push(`order ${order.id} in payments' copy: ${differing.join(', ')}`);
    copies.delete(order.id);
  }
  for (const id of copies.keys()) problems.push(`payments has a copy of order ${id}, which orders does not`);
  return problems;
}

/** One notice an order calls for: what its recipient is told. */
interface NoticeDue {
  kind: string;
  recipientId: string;
}

/** The notice a cancelled order's buyer is told, by the reason orders gives. */
const CANCEL_NOTICE: Record<string, string> = { expired: 'order-expired', cancelled: 'order-cancelled' };

/**
 * What notifications owes the parties of an order, as its status stands: the buyer is told of the
 * hold; of a complete order, the buyer that it is paid and its seller that it sold; of a cancelled
 * one, the buyer why, by orders' reason; of a payout payments sent, the seller. Undefined for a
 * cancelled order with no reason, whose buyer's notice cannot be known.
 */
function noticesDue(order: OrderRow, sellerId: string | null, payout: PayoutRow | undefined): NoticeDue[] | undefined {
  const buyerId = order.userId;
  const due: NoticeDue[] = [{ kind: 'order-held', recipientId: buyerId }];
  if (order.status === 'complete') {
    due.push({ kind: 'order-paid', recipientId: buyerId });
    if (sellerId) due.push({ kind: 'ticket-sold', recipientId: sellerId });
  }
  if (order.status === 'cancelled') {
    const kind = order.cancelReason === null ? undefined : CANCEL_NOTICE[order.cancelReason];
    if (!kind) return undefined;
    due.push({ kind, recipientId: buyerId });
  }
  if (payout?.state === 'sent') due.push({ kind: 'payout-sent', recipientId: payout.sellerId });
  return due;
}

const toldWhat = (notice: Pick<NoticeRow, 'kind' | 'recipientId'>) => `${notice.kind} to ${notice.recipientId}`;

/** "order-paid (envelope e)" or "order-paid 2 times (envelopes e1, e2)". */
function howOften(notices: readonly NoticeRow[]): string {
  const envelopes = notices.map((notice) => notice.envelopeId).join(', ');
  return notices.length === 1 ? `${notices[0]!.kind} (envelope ${envelopes})` : `${notices[0]!.kind} ${notices.length} times (envelopes ${envelopes})`;
}

/**
 * Each party of each order was told each thing once, and of nothing else: exactly the notices
 * `noticesDue` names, each once, and none of an order orders does not have. The seller is the one
 * order.created named, as payments keeps it (orders keeps no seller). Killing notifications
 * mid-purchase must lose no notice (one missing) and double none (one told twice, from one envelope
 * or from two).
 */
function everyOrderToldOnceToEachParty(snapshot: Snapshot): string[] {
  const orders = valueOf(snapshot.orders, "orders' orders");
  const copies = byId(valueOf(snapshot.orderCopies, "payments' orders"));
  const payouts = new Map(valueOf(snapshot.payouts, "payments' payouts").map((payout) => [payout.orderId, payout]));
  const notices = valueOf(snapshot.notices, "notifications' notices");
  const noticesOfOrder = groupBy(notices.filter((notice) => notice.orderId !== null), (notice) => notice.orderId!);
  const problems: string[] = [];
  for (const order of orders) {
    const story = `order ${order.id} (${order.status === 'cancelled' ? `cancelled, ${order.cancelReason ?? 'no reason'}` : order.status})`;
    const sellerId = copies.get(order.id)?.sellerId ?? null;
    const party = (recipientId: string) => (recipientId === order.userId ? `its buyer ${recipientId}` : recipientId === sellerId ? `its seller ${recipientId}` : `${recipientId}, no party of it,`);
    const told = groupBy(noticesOfOrder.get(order.id) ?? [], toldWhat);
    noticesOfOrder.delete(order.id);
    const due = noticesDue(order, sellerId, payouts.get(order.id));
    if (!due) {
      problems.push(`${story}: its cancel reason is neither expired nor cancelled, so which notice its buyer is due is not known`);
      continue;
    }
    for (const expected of due) {
      const received = told.get(toldWhat(expected)) ?? [];
      told.delete(toldWhat(expected));
      if (received.length === 0) problems.push(`${story}: ${party(expected.recipientId)} was not told ${expected.kind}`);
      if (received.length > 1) problems.push(`${story}: ${party(expected.recipientId)} was told ${howOften(received)}`);
    }
    for (const received of told.values()) problems.push(`${story}: ${party(received[0]!.recipientId)} was told ${howOften(received)}, which the order does not call for`);
  }
  for (const [orderId, received] of noticesOfOrder) {
    problems.push(`notices of order ${orderId}, which orders does not have: ${[...groupBy(received, toldWhat).values()].map((same) => `${howOften(same)} to ${same[0]!.recipientId}`).join('; ')}`);
  }
  const orderless = notices.filter((notice) => notice.orderId === null);
  if (orderless.length > 0) problems.push(`notices that name no order: ${orderless.map((notice) => `${toldWhat(notice)} (envelope ${notice.envelopeId})`).join('; ')}`);
  return problems;
}

/** Every event recorded in an outbox was published. */
function outboxesAreEmpty(snapshot: Snapshot): string[] {
  const pending = valueOf(snapshot.pendingOutbox, 'the outboxes');
  return [
    ...OUTBOX_SERVICES.filter((service) => pending[service] === undefined).map((service) => `${service} has no outbox table`),
    ...Object.entries(pending)
      .filter(([, count]) => count > 0)
      .map(([service, count]) => `${service}: ${count} unpublished events in its outbox`),
  ];
}

/** Nothing was parked on the dead-letter subjects: every fault of the run was a dependency outage, to be waited out. */
function nothingDeadLettered(snapshot: Snapshot): string[] {
  return valueOf(snapshot.bus, 'the stream').parked.map(
    (parked) => `${parked.messages} messages on ${parked.subject}${parked.lastReason ? `, the last because: ${parked.lastReason}` : ''}`,
  );
}

/** Every durable consumer has been delivered everything and acknowledged it. */
function consumersCaughtUp(snapshot: Snapshot): string[] {
  return valueOf(snapshot.bus, 'the stream').backlogs.map(
    (backlog) => `consumer ${backlog.consumer}: ${backlog.pending} undelivered, ${backlog.unacknowledged} unacknowledged`,
  );
}

/** No order is still unpaid (created) past its expiresAt plus the grace. */
function noUnpaidOrderPastExpiry(snapshot: Snapshot, { expiryGraceMs }: RunEvidence): string[] {
  return valueOf(snapshot.orders, "orders' orders")
    .filter((order) => order.status === 'created' && order.expiresAt + expiryGraceMs < snapshot.takenAt)
    .map((order) => `order ${order.id} is still created ${seconds(snapshot.takenAt - order.expiresAt)} after its expiresAt`);
}

/** No 5xx, and no request left unanswered, outside the fault windows. */
function noFailureOutsideFaultWindows(_snapshot: Snapshot, { record, windows, loadStartedAt }: RunEvidence): string[] {
  const outside = record.log.answers.filter((answer) => isFailure(answer.status) && !duringAnyFault(answer, windows));
  return [...groupBy(outside, (answer) => `${answer.route} answered ${answer.status || 'nothing'}`)].map(
    ([what, answers]) =>
      `${what} ${answers.length === 1 ? 'once' : `${answers.length} times`} outside the fault windows, at +${answers
        .slice(0, 5)
        .map((a) => seconds(a.answeredAt - loadStartedAt))
        .join(', +')}${answers.length > 5 ? ', …' : ''}`,
  );
}

/** Each fault was injected and taken back, and every service was ready again in time. */
function everyFaultRecovered(_snapshot: Snapshot, { windows }: RunEvidence): string[] {
  return windows.flatMap((window) => [
    ...(window.failure ? [`${window.label}: ${window.failure}`] : []),
    ...(window.notReady.length > 0 ? [`${window.label}: ${window.notReady.join(', ')} not ready again within the recovery timeout`] : []),
  ]);
}

const CHECKS: Check[] = [
  { name: 'no double sale', run: noDoubleSale },
  { name: 'every "paid" answer is honoured', run: paidAnswersAreHonoured },
  { name: 'orders and payments agree', run: ordersAndPaymentsAgree },
  { name: 'tickets follow their orders', run: ticketsFollowTheirOrders },
  { name: "orders' replica of tickets equals tickets", run: ticketReplicaEqualsTickets },
  { name: "events' summaries match their tickets", run: eventSummariesMatchTheirTickets },
  { name: "payments' copy of orders equals orders", run: orderCopiesEqualOrders },
  { name: 'every order told once to each party', run: everyOrderToldOnceToEachParty },
  { name: 'outboxes are empty', run: outboxesAreEmpty },
  { name: 'nothing dead-lettered', run: nothingDeadLettered },
  { name: 'consumers caught up', run: consumersCaughtUp },
  { name: 'no unpaid order past its expiry', run: noUnpaidOrderPastExpiry },
  { name: 'no 5xx outside the fault windows', run: noFailureOutsideFaultWindows },
  { name: 'every fault recovered', run: everyFaultRecovered },
];

export const CHECK_NAMES = CHECKS.map((check) => check.name);

export function runChecks(snapshot: Snapshot, evidence: RunEvidence): Violation[] {
  return CHECKS.flatMap((check) => {
    try {
      return check.run(snapshot, evidence).map((detail) => ({ check: check.name, detail }));
    } catch (err) {
      if (err instanceof UnreadablePart) return [{ check: check.name, detail: `not checked: ${err.message}` }];
      throw err;
    }
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();
