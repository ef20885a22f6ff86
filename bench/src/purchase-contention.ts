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
  /** Tickets that more than one buyer got an order for, or that ended up in more than one live or paid order. */
  doubleSales: number;
  /** Tickets the tickets service reports sold once the payments have settled. */
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

async function untilSettled(databases: PurchaseDatabases, ticketIds: string[]): Promise<number> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const { rows } = await databases.tickets.query<{ sold: number }>('SELECT count(*)::int AS sold FROM tickets WHERE id = ANY($1::uuid[]) AND sold', [ticketIds]);
    if (rows[0]!.sold === ticketIds.length || Date.now() > deadline) return rows[0]!.sold;
    await sleep(50);
  }
}

/**
 * The on-sale rush: an event's few seats go on sale and every buyer tries every one of them, in an
 * order of their own, all at once. Each winner pays with pm_card_visa straight away. The answers and
 * both databases are then checked for a ticket sold twice.
 */
export async function measurePurchases(organiser: Visitor, buyers: Visitor[], ticketCount: number, databases: PurchaseDatabases): Promise<PurchaseResult> {
  const ticketIds = await issueSeats(organiser, await createEvent(organiser, 'On-sale rush'), 40, ticketCount);
  await untilOrdersKnow(databases.orders, ticketIds);

  const orderLatencies: number[] = [];
  const winsByTicket = new Map<string, number>();
  const payments: Promise<number>[] = [];
  let soldOutMs = 0;
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
  const paymentLatencies = await Promise.all(payments);
  const sold = await untilSettled(databases, ticketIds);

  const { rows: overbooked } = await databases.orders.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM orders WHERE ticket_id = ANY($1::uuid[]) AND status <> 'cancelled' GROUP BY ticket_id HAVING count(*) > 1`,
    [ticketIds],
  );
  const doubleSold = new Set([...overbooked.map((row) => row.ticket_id), ...[...winsByTicket].filter(([, wins]) => wins > 1).map(([id]) => id)]);

  return {
    buyers: buyers.length,
    tickets: ticketCount,
    attempts: orderLatencies.length,
    elapsedMs,
    ordersCreated: [...winsByTicket.values()].reduce((sum, wins) => sum + wins, 0),
    soldOutMs,
    orderLatency: distribution(orderLatencies),
    paymentLatency: distribution(paymentLatencies),
    doubleSales: doubleSold.size,
    sold,
  };
}
