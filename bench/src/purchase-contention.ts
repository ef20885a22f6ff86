import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { eventually } from '@ticketing/common/testing';
import type { Visitor } from '@ticketing/suite/running-suite';
import { untilOrdersKnow } from './replicas';
import { distribution, shuffled, type Distribution } from './stats';
import { createEvent, issueSeats, UnexpectedResponse } from './visitors';

export interface PurchaseResult {
  buyers: number;
  tickets: number;
  attempts: number;
  /** From the first attempt to the last answer. */
  elapsedMs: number;
  ordersCreated: number;
  /** From the first attempt to the last 201. */
  soldOutMs: number;
  orderLatency: Distribution;
  paymentLatency: Distribution;
  /**
   * Tickets that more than one buyer got an order for, or that have more than one order not
   * cancelled, or more than one sale in tickets. Nobody resells here, so each ticket may be sold once.
   */
  doubleSales: number;
  /**
   * Tickets sold exactly once, when the payments have settled: their one order is complete, and its
   * sale, the only one tickets records of the ticket, moved it from the organiser to that order's
   * buyer at its price, and the buyer holds it.
   */
  sold: number;
}

export interface PurchaseDatabases {
  orders: Pool;
  tickets: Pool;
}

const SETTLE_MS = 30_000;

/** Payments learns of an order over the bus, so a buyer quick off the mark may get a 404 first. */
async function pay(buyer: Visitor, orderId: string): Promise<number> {
  const started = performance.now();
  const res = await eventually(
    async () => {
      const attempt = await buyer.post('/api/payments', { orderId, paymentMethodId: 'pm_card_visa' });
      if (attempt.status === 404) throw new UnexpectedResponse(`pay order ${orderId}`, attempt);
      return attempt;
    },
    { timeoutMs: SETTLE_MS, intervalMs: 5 },
  );
  if (res.status !== 201) throw new UnexpectedResponse(`pay order ${orderId}`, res);
  return performance.now() - started;
}

/** Waits until tickets has recorded a sale of every one of `ticketIds`, or SETTLE_MS has passed. */
async function untilSettled(databases: PurchaseDatabases, ticketIds: string[]): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const { rows } = await databases.tickets.query<{ moved: number }>('SELECT count(DISTINCT ticket_id)::int AS moved FROM transfers WHERE ticket_id = ANY($1::uuid[])', [ticketIds]);
    if (rows[0]!.moved === ticketIds.length || Date.now() > deadline) return;
    await sleep(50);
  }
}

/** An order of one of the rush's tickets that was not cancelled. */
interface UncancelledOrder {
  id: string;
  ticketId: string;
  userId: string;
  status: string;
  priceCents: number;
}

/** A sale tickets recorded of one of the rush's tickets, with the organiser it was issued by and its holder now. */
interface RecordedSale {
  ticketId: string;
  orderId: string;
  fromUserId: string;
  toUserId: string;
  priceCents: number;
  organiserId: string;
  holderId: string;
}

/** What the two databases say of one of the rush's tickets: its orders not cancelled, and its sales. */
interface TicketOutcome {
  ticketId: string;
  orders: UncancelledOrder[];
  sales: RecordedSale[];
}

async function readOutcomes(databases: PurchaseDatabases, ticketIds: string[]): Promise<TicketOutcome[]> {
  const [orders, sales] = await Promise.all([
    databases.orders.query<UncancelledOrder>(
      `SELECT id, ticket_id AS "ticketId", user_id AS "userId", status, price_cents AS "priceCents" FROM orders WHERE ticket_id = ANY($1::uuid[]) AND status <> 'cancelled'`,
      [ticketIds],
    ),
    databases.tickets.query<RecordedSale>(
      `SELECT s.ticket_id AS "ticketId", s.order_id AS "orderId", s.from_user_id AS "fromUserId", s.to_user_id AS "toUserId", s.price_cents AS "priceCents",
              e.organiser_id AS "organiserId", t.user_id AS "holderId"
         FROM transfers s JOIN tickets t ON t.id = s.ticket_id JOIN events e ON e.id = t.event_id
        WHERE s.ticket_id = ANY($1::uuid[])`,
      [ticketIds],
    ),
  ]);
  const byTicket = <T extends { ticketId: string }>(rows: T[], ticketId: string) => rows.filter((row) => row.ticketId === ticketId);
  return ticketIds.map((ticketId) => ({ ticketId, orders: byTicket(orders.rows, ticketId), sales: byTicket(sales.rows, ticketId) }));
}

/** The one order was paid, and its sale, the only one, moved the ticket from its organiser to that order's buyer, who holds it. */
function soldOnce({ orders, sales }: TicketOutcome): boolean {
  if (orders.length !== 1 || sales.length !== 1) return false;
  const [order, sale] = [orders[0]!, sales[0]!];
  return (
    order.status === 'complete' &&
    sale.orderId === order.id &&
    sale.toUserId === order.userId &&
    sale.priceCents === order.priceCents &&
    sale.fromUserId === sale.organiserId &&
    sale.holderId === order.userId
  );
}

/** The race's attempts as they were answered, the winners' payments still under way. */
export interface Race {
  buyers: number;
  ticketIds: string[];
  orderLatencies: number[];
  winsByTicket: Map<string, number>;
  payments: Promise<number>[];
  /** The first attempt and the last answer, in ms since the epoch, for what else ran meanwhile. */
  startedAt: number;
  endedAt: number;
  elapsedMs: number;
  soldOutMs: number;
}

/** The race's `ticketCount` seats of an event of their own, once orders' replica knows them all. */
export async function issueRushSeats(organiser: Visitor, ticketCount: number, orders: Pool): Promise<string[]> {
  const ticketIds = await issueSeats(organiser, await createEvent(organiser, 'On-sale rush'), 40, ticketCount);
  await untilOrdersKnow(orders, ticketIds);
  return ticketIds;
}

/**
 * The on-sale rush: an event's few seats go on sale and every buyer tries every one of them, in an
 * order of their own, all at once. Each winner pays with pm_card_visa straight away, and the sale
 * moves the ticket to them. Answers when the last attempt has been answered.
 */
export async function runRace(buyers: Visitor[], ticketIds: string[]): Promise<Race> {
  const orderLatencies: number[] = [];
  const winsByTicket = new Map<string, number>();
  const payments: Promise<number>[] = [];
  let soldOutMs = 0;
  const startedAt = Date.now();
  const started = performance.now();
  await Promise.all(
    buyers.map(async (buyer) => {
      for (const ticketId of shuffled(ticketIds)) {
        const sent = performance.now();
        const res = await buyer.post('/api/orders', { ticketId });
        const answered = performance.now();
        orderLatencies.push(answered - sent);
        if (res.status === 201) {
          winsByTicket.set(ticketId, (winsByTicket.get(ticketId) ?? 0) + 1);
          soldOutMs = Math.max(soldOutMs, answered - started);
          payments.push(pay(buyer, res.body.id));
        } else if (res.status !== 409) {
          throw new UnexpectedResponse(`order ticket ${ticketId}`, res);
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  return { buyers: buyers.length, ticketIds, orderLatencies, winsByTicket, payments, startedAt, endedAt: Date.now(), elapsedMs, soldOutMs };
}

/** Waits for the winners' payments and their sales, then checks the answers and both databases for a ticket sold twice. */
export async function settleRace(race: Race, databases: PurchaseDatabases): Promise<PurchaseResult> {
  const { ticketIds, winsByTicket } = race;
  const paymentLatencies = await Promise.all(race.payments);
  await untilSettled(databases, ticketIds);

  const outcomes = await readOutcomes(databases, ticketIds);
  const doubleSales = outcomes.filter(({ ticketId, orders, sales }) => (winsByTicket.get(ticketId) ?? 0) > 1 || orders.length > 1 || sales.length > 1).length;

  return {
    buyers: race.buyers,
    tickets: ticketIds.length,
    attempts: race.orderLatencies.length,
    elapsedMs: race.elapsedMs,
    ordersCreated: [...winsByTicket.values()].reduce((sum, wins) => sum + wins, 0),
    soldOutMs: race.soldOutMs,
    orderLatency: distribution(race.orderLatencies),
    paymentLatency: distribution(paymentLatencies),
    doubleSales,
    sold: outcomes.filter(soldOnce).length,
  };
}
