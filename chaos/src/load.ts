import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnswerLog, RecordingVisitor, type Reply } from './recording-visitor';

/** What a buyer means to do with an order once they have it. */
export type BuyerPlan = 'pay' | 'decline-then-pay' | 'cancel' | 'walk-away';

/** Shares of the plans, in percent: mostly paying, the rest spread over the other ways an order ends. */
const PLAN_SHARES: [BuyerPlan, number][] = [
  ['pay', 60],
  ['decline-then-pay', 10],
  ['cancel', 15],
  ['walk-away', 15],
];

export interface PlacedOrder {
  orderId: string;
  ticketId: string;
  expiresAt: number;
  plan: BuyerPlan;
}

/** A 201 from POST /api/payments: the buyer was told the order is paid. */
export interface PaidAnswer {
  orderId: string;
  ticketId: string;
  answeredAt: number;
}

export interface LoadRecord {
  log: AnswerLog;
  placed: PlacedOrder[];
  paid: PaidAnswer[];
  /** Orders whose buyer was told they are cancelled, or that cancellation was requested (200 or 202). */
  cancelledByBuyer: Set<string>;
}

export interface Pace {
  listIntervalMs: number;
  thinkMs: number;
}

const PAY_RETRY_MS = 500;

/** An answer that says nothing about the order yet: payments has not heard of it, or a fault is in the way. */
const worthRetrying = (status: number) => status === 0 || status === 404 || status >= 500;

/** Half to one and a half times `ms`, so that the users do not move in lockstep. */
const jittered = (ms: number) => ms * (0.5 + Math.random());

/** Waits, but wakes early when the load stops. */
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

function choosePlan(): BuyerPlan {
  let roll = Math.random() * 100;
  for (const [plan, share] of PLAN_SHARES) {
    roll -= share;
    if (roll < 0) return plan;
  }
  return 'pay';
}

/** Between 1.00 and 150.00, as the decimal text a browser would send. */
function randomPrice(): string {
  const cents = 100 + Math.floor(Math.random() * 14_900);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export async function signUp(baseUrl: string, log: AnswerLog, timeoutMs: number, role: string, count: number): Promise<RecordingVisitor[]> {
  const runId = Date.now().toString(36);
  const visitors: RecordingVisitor[] = [];
  // scrypt is slow on purpose: one sign-up at a time keeps auth responsive for the rest.
  for (let i = 0; i < count; i++) {
    const visitor = new RecordingVisitor(baseUrl, log, timeoutMs);
    const reply = await visitor.call('POST', '/api/users/signup', '/api/users/signup', { email: `${role}${i}.${runId}@chaos.example`, password: 'chaos-password' });
    if (reply.status !== 201) throw new Error(`signing up ${role} ${i} answered ${reply.status} ${JSON.stringify(reply.body)}`);
    visitors.push(visitor);
  }
  return visitors;
}

async function sell(seller: RecordingVisitor, sellerIndex: number, pace: Pace, signal: AbortSignal): Promise<void> {
  for (let n = 0; !signal.aborted; n++) {
    await seller.call('POST', '/api/tickets', '/api/tickets', { title: `Chaos seat ${sellerIndex}-${n}`, price: randomPrice() });
    await pause(jittered(pace.listIntervalMs), signal);
  }
}

/** Asks again while the answer says nothing yet, for as long as the hold lasts. */
async function untilAnswered(order: PlacedOrder, attempt: () => Promise<Reply>): Promise<Reply> {
  // An order shown without a readable expiresAt gets one attempt.
  const retryUntil = Number.isFinite(order.expiresAt) ? order.expiresAt : 0;
  for (;;) {
    const reply = await attempt();
    if (!worthRetrying(reply.status) || Date.now() >= retryUntil) return reply;
    await sleep(PAY_RETRY_MS);
  }
}

class Buyer {
  constructor(
    private readonly visitor: RecordingVisitor,
    private readonly record: LoadRecord,
    private readonly pace: Pace,
  ) {}

  async shop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const order = await this.placeOrder();
      if (order) await this.follow(order, signal);
      await pause(jittered(this.pace.thinkMs), signal);
    }
  }

  /** Browses the first page and orders one of its tickets; 409 (taken) and 404 (orders has not heard of it yet) are normal. */
  private async placeOrder(): Promise<PlacedOrder | undefined> {
    const page = await this.visitor.call('GET', '/api/tickets?limit=20', '/api/tickets');
    const listed: { id: string }[] = page.status === 200 && Array.isArray(page.body?.tickets) ? page.body.tickets : [];
    if (listed.length === 0) return undefined;
    const ticketId = listed[Math.floor(Math.random() * listed.length)]!.id;
    const reply = await this.visitor.call('POST', '/api/orders', '/api/orders', { ticketId });
    if (reply.status !== 201 || typeof reply.body?.id !== 'string') return undefined;
    const order: PlacedOrder = { orderId: reply.body.id, ticketId, expiresAt: Date.parse(reply.body.expiresAt), plan: choosePlan() };
    this.record.placed.push(order);
    return order;
  }

  private async follow(order: PlacedOrder, signal: AbortSignal): Promise<void> {
    switch (order.plan) {
      case 'pay':
        return this.pay(order, 'pm_card_visa');
      case 'decline-then-pay':
        await this.pay(order, 'pm_card_chargeDeclined');
        return this.pay(order, 'pm_card_visa');
      case 'cancel':
        await pause(jittered(this.pace.thinkMs * 2), signal);
        return this.cancel(order);
      case 'walk-away':
        return;
      default: {
        const unhandled: never = order.plan;
        throw new Error(`no follow-up for plan ${unhandled}`);
      }
    }
  }

  private async pay(order: PlacedOrder, paymentMethodId: string): Promise<void> {
    const reply = await untilAnswered(order, () =>
      this.visitor.call('POST', '/api/payments', '/api/payments', { orderId: order.orderId, paymentMethodId }),
    );
    if (reply.status === 201) this.record.paid.push({ orderId: order.orderId, ticketId: order.ticketId, answeredAt: Date.now() });
  }

  private async cancel(order: PlacedOrder): Promise<void> {
    const reply = await untilAnswered(order, () => this.visitor.call('DELETE', `/api/orders/${order.orderId}`, '/api/orders/:id'));
    if (reply.status === 200 || reply.status === 202) this.record.cancelledByBuyer.add(order.orderId);
  }
}

/**
 * Sellers list tickets and buyers shop until `signal` fires; each then finishes what it is doing
 * (a payment retries at most until its order's hold ends), and the returned promise resolves.
 */
export async function runLoad(
  people: { sellers: RecordingVisitor[]; buyers: RecordingVisitor[] },
  log: AnswerLog,
  pace: Pace,
  signal: AbortSignal,
): Promise<LoadRecord> {
  const record: LoadRecord = { log, placed: [], paid: [], cancelledByBuyer: new Set() };
  // Every user waits on the one signal at once: that many listeners are the design, not a leak.
  setMaxListeners(people.sellers.length + people.buyers.length, signal);
  await Promise.all([
    ...people.sellers.map((seller, i) => sell(seller, i, pace, signal)),
    ...people.buyers.map((visitor) => new Buyer(visitor, record, pace).shop(signal)),
  ]);
  return record;
}
