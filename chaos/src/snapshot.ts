import { Pool } from 'pg';
import { readBus, type BusState, type BusNames } from './bus-state';

/**
 * Everything the checks look at, read from the services' own databases and the stream. The queries
 * are written against the schemas as the brief sets them; a table or column that is not there yet
 * leaves its part unreadable, and only the checks that need it fail.
 */
export interface Snapshot {
  takenAt: number;
  /** tickets' tickets, each with its event's start. */
  tickets: Part<TicketRow[]>;
  /** tickets' events with their organisers and summaries, read in the same transaction as its tickets. */
  events: Part<EventRow[]>;
  /** tickets' record of each sale that moved a ticket to its buyer, read in the same transaction as its tickets. */
  transfers: Part<TransferRow[]>;
  /** orders' replica of tickets. */
  ticketReplica: Part<ReplicaTicketRow[]>;
  /** orders' orders. */
  orders: Part<OrderRow[]>;
  /** payments' copy of orders. */
  orderCopies: Part<OrderCopyRow[]>;
  payments: Part<PaymentRow[]>;
  refunds: Part<number>;
  /** payments' record of what each paid order owes its seller, and whether it was sent. */
  payouts: Part<PayoutRow[]>;
  /** notifications' notices, each with the order it tells of. */
  notices: Part<NoticeRow[]>;
  /** Unpublished outbox rows, by service, of every database that has an outbox. */
  pendingOutbox: Part<Record<string, number>>;
  bus: Part<BusState>;
}

export type Part<T> = { value: T } | { error: string };

export interface TicketRow {
  id: string;
  title: string;
  priceCents: number;
  userId: string;
  eventId: string | null;
  /** Its event's start, when sales of it close; null without an event. */
  startsAt: number | null;
  listed: boolean;
  version: number;
  orderId: string | null;
  /** The holding order's buyer and price, kept for its sale; null while no order holds the ticket. */
  heldForUserId: string | null;
  heldPriceCents: number | null;
  /** Set only for a ticket a sale could not move to its buyer. */
  sold: boolean;
  /** Goes up by 1 each time the ticket changes hands. */
  credentialGeneration: number;
  checkedInAt: number | null;
}

export type ReplicaTicketRow = Pick<TicketRow, 'id' | 'title' | 'priceCents' | 'userId' | 'eventId' | 'startsAt' | 'listed' | 'version'>;

/** A ticket's status as the API shows it (tickets' statusOf). */
export type TicketStatus = 'listed' | 'held' | 'not-listed' | 'checked-in' | 'sold';

export function ticketStatus(ticket: Pick<TicketRow, 'eventId' | 'listed' | 'orderId' | 'sold' | 'checkedInAt'>): TicketStatus {
  if (ticket.sold) return 'sold';
  if (ticket.checkedInAt !== null) return 'checked-in';
  if (ticket.orderId !== null) return 'held';
  return ticket.eventId !== null && ticket.listed ? 'listed' : 'not-listed';
}

export interface EventRow {
  id: string;
  /** Who created it, and to whom its tickets were issued. */
  organiserId: string;
  /** The summary the listings show: how many of its tickets are listed, and the cheapest of them (null for none). */
  listedCount: number;
  lowestPriceCents: number | null;
}

/** A sale that moved a ticket from its holder to the buyer of an order. */
export interface TransferRow {
  ticketId: string;
  eventId: string;
  fromUserId: string;
  toUserId: string;
  orderId: string;
  priceCents: number;
  transferredAt: number;
}

export interface OrderRow {
  id: string;
  userId: string;
  ticketId: string;
  status: string;
  priceCents: number;
  feeCents: number;
  totalCents: number;
  expiresAt: number;
  createdAt: number;
  version: number;
  /** Why a cancelled order was cancelled (expired or cancelled by its buyer); null for the others. */
  cancelReason: string | null;
}

export interface OrderCopyRow {
  id: string;
  userId: string;
  ticketId: string;
  priceCents: number;
  feeCents: number;
  /** What payments charges. */
  totalCents: number;
  /** open, paid or closed. */
  status: string;
  expiresAt: number;
  /** The ticket's holder when the order was placed, as order.created named them: who is paid, and told of the sale. */
  sellerId: string | null;
}

export interface PaymentRow {
  orderId: string;
  status: string;
}

export interface PayoutRow {
  orderId: string;
  sellerId: string;
  /** pending, or sent once the transfer was made (and payout.sent recorded with it). */
  state: string;
}

/** One thing notifications told one user. */
export interface NoticeRow {
  recipientId: string;
  kind: string;
  /** The order it tells of, from its facts; null if they name none. */
  orderId: string | null;
  /** The envelope id of the event it tells of: two notices of one thing from two envelopes mean the thing was published twice. */
  envelopeId: string;
}

/** A part a check needs but could not be read: the check reports that instead of its verdict. */
export class UnreadablePart extends Error {}

export function valueOf<T>(part: Part<T>, what: string): T {
  if ('error' in part) throw new UnreadablePart(`${what} could not be read: ${part.error}`);
  return part.value;
}

async function read<T>(query: () => Promise<T>): Promise<Part<T>> {
  try {
    return { value: await query() };
  } catch (err) {
    return { error: String((err as Error)?.message ?? err) };
  }
}

const epochMs = (date: Date) => date.getTime();

/** What tickets' database holds, as of one moment. */
interface TicketsOwn {
  tickets: TicketRow[];
  events: EventRow[];
  transfers: TransferRow[];
}

/**
 * tickets' tickets, events and transfers as of one moment, so that each event's summary can be held
 * against its tickets, and each ticket's holder against its transfers.
 */
async function readTicketsOwn(tickets: Pool): Promise<TicketsOwn> {
  const client = await tickets.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const ticketRows = await client.query<TicketRow & { startsAt: Date | null; checkedInAt: Date | null }>(
      `SELECT t.id, t.title, t.price_cents AS "priceCents", t.user_id AS "userId", t.event_id AS "eventId", e.starts_at AS "startsAt",
              t.listed, t.version, t.order_id AS "orderId", t.held_for_user_id AS "heldForUserId", t.held_price_cents AS "heldPriceCents",
              t.sold, t.credential_generation AS "credentialGeneration", t.checked_in_at AS "checkedInAt"
         FROM tickets t LEFT JOIN events e ON e.id = t.event_id`,
    );
    const eventRows = await client.query<EventRow>(
      `SELECT id, organiser_id AS "organiserId", listed_count AS "listedCount", lowest_price_cents AS "lowestPriceCents" FROM events`,
    );
    const transferRows = await client.query<TransferRow & { transferredAt: Date }>(
      `SELECT ticket_id AS "ticketId", event_id AS "eventId", from_user_id AS "fromUserId", to_user_id AS "toUserId", order_id AS "orderId",
              price_cents AS "priceCents", transferred_at AS "transferredAt"
         FROM transfers`,
    );
    await client.query('COMMIT');
    client.release();
    return {
      tickets: ticketRows.rows.map((row) => ({ ...row, startsAt: row.startsAt && epochMs(row.startsAt), checkedInAt: row.checkedInAt && epochMs(row.checkedInAt) })),
      events: eventRows.rows,
      transfers: transferRows.rows.map((row) => ({ ...row, transferredAt: epochMs(row.transferredAt) })),
    };
  } catch (err) {
    // A connection left inside a failed transaction must not go back to the pool.
    client.release(true);
    throw err;
  }
}

/** One small pool per service database, for the checks only. */
export class ServiceDatabases {
  readonly pools: Record<string, Pool>;

  constructor(urls: Record<string, string>) {
    this.pools = Object.fromEntries(Object.entries(urls).map(([service, url]) => [service, new Pool({ connectionString: url, max: 2 })]));
    // An idle connection dropped by the server must not crash the run.
    for (const pool of Object.values(this.pools)) pool.on('error', () => undefined);
  }

  pool(service: string): Pool {
    const pool = this.pools[service];
    if (!pool) throw new Error(`the suite has no database for ${service}`);
    return pool;
  }

  async end(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.end()));
  }
}

async function pendingOutboxRows(databases: ServiceDatabases): Promise<Record<string, number>> {
  const pending: Record<string, number> = {};
  for (const [service, pool] of Object.entries(databases.pools)) {
    const { rows } = await pool.query<{ present: boolean }>(`SELECT to_regclass('outbox') IS NOT NULL AS present`);
    if (!rows[0]!.present) continue;
    const counted = await pool.query<{ pending: number }>('SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL');
    pending[service] = counted.rows[0]!.pending;
  }
  return pending;
}

export async function readSnapshot(databases: ServiceDatabases, natsUrl: string, busNames: BusNames): Promise<Snapshot> {
  const tickets = databases.pool('tickets');
  const orders = databases.pool('orders');
  const payments = databases.pool('payments');
  const notifications = databases.pool('notifications');
  const takenAt = Date.now();
  const [ticketsPart, replicaRows, orderRows, copyRows, paymentRows, refunds, payoutRows, noticeRows, pendingOutbox, bus] = await Promise.all([
    read(() => readTicketsOwn(tickets)),
    read(async () =>
      (
        await orders.query<ReplicaTicketRow & { startsAt: Date | null }>(
          `SELECT id, title, price_cents AS "priceCents", user_id AS "userId", event_id AS "eventId", starts_at AS "startsAt", listed, version FROM tickets`,
        )
      ).rows.map((row) => ({ ...row, startsAt: row.startsAt && epochMs(row.startsAt) })),
    ),
    read(async () =>
      (
        await orders.query<OrderRow & { expiresAt: Date; createdAt: Date }>(
          `SELECT id, user_id AS "userId", ticket_id AS "ticketId", status, price_cents AS "priceCents", fee_cents AS "feeCents", total_cents AS "totalCents", expires_at AS "expiresAt", created_at AS "createdAt", version, cancel_reason AS "cancelReason" FROM orders`,
        )
      ).rows.map((row) => ({ ...row, expiresAt: epochMs(row.expiresAt), createdAt: epochMs(row.createdAt) })),
    ),
    read(async () =>
      (
        await payments.query<OrderCopyRow & { expiresAt: Date }>(
          `SELECT id, user_id AS "userId", ticket_id AS "ticketId", price_cents AS "priceCents", fee_cents AS "feeCents", total_cents AS "totalCents", status, expires_at AS "expiresAt", seller_id AS "sellerId" FROM orders`,
        )
      ).rows.map((row) => ({ ...row, expiresAt: epochMs(row.expiresAt) })),
    ),
    read(async () => (await payments.query<PaymentRow>(`SELECT order_id AS "orderId", status FROM payments`)).rows),
    read(async () => (await payments.query<{ count: number }>('SELECT count(*)::int AS count FROM refunds')).rows[0]!.count),
    read(async () => (await payments.query<PayoutRow>(`SELECT order_id AS "orderId", seller_id AS "sellerId", state FROM payouts`)).rows),
    read(async () => (await notifications.query<NoticeRow>(`SELECT recipient_id AS "recipientId", kind, facts->>'orderId' AS "orderId", envelope_id AS "envelopeId" FROM notices`)).rows),
    read(() => pendingOutboxRows(databases)),
    read(() => readBus(natsUrl, busNames)),
  ]);
  const partOf = <T>(pick: (own: TicketsOwn) => T): Part<T> => ('error' in ticketsPart ? ticketsPart : { value: pick(ticketsPart.value) });
  return {
    takenAt,
    tickets: partOf((own) => own.tickets),
    events: partOf((own) => own.events),
    transfers: partOf((own) => own.transfers),
    ticketReplica: replicaRows,
    orders: orderRows,
    orderCopies: copyRows,
    payments: paymentRows,
    refunds,
    payouts: payoutRows,
    notices: noticeRows,
    pendingOutbox,
    bus,
  };
}
