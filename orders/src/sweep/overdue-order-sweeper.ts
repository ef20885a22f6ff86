import { Counter, type Registry } from 'prom-client';
import type { Db, Logger } from '@ticketing/common';
import { cancelOrder, lockOverdueOrders } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { overdueCutoff } from '../domain/order';

export interface OverdueOrderSweeperOptions {
  db: Db<OrdersSchema>;
  logger: Logger;
  registry?: Registry;
  graceSeconds: number;
  intervalMs: number;
  now?: () => Date;
  batchSize?: number;
}

/**
 * The safety net under the hold timer: cancels unpaid orders past expiresAt plus a grace period,
 * whether or not their expiration job ever fired. Every replica may run it; SKIP LOCKED gives each
 * overdue order to one of them, and cancelOrder records one order.cancelled per order.
 */
export class OverdueOrderSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly cancelled?: Counter;

  constructor(private readonly options: OverdueOrderSweeperOptions) {
    if (options.registry) {
      this.cancelled = new Counter({
        name: 'orders_expired_by_sweep_total',
        help: 'Unpaid orders cancelled by the sweep because their expiration timer had not fired',
        registers: [options.registry],
      });
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((err: unknown) => this.options.logger.warn({ err }, 'overdue order sweep failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Cancels every overdue order, a batch per transaction; resolves to how many it cancelled. */
  async sweep(): Promise<number> {
    const { db, logger, graceSeconds, now = () => new Date(), batchSize = 100 } = this.options;
    let total = 0;
    for (;;) {
      const cutoff = overdueCutoff(now(), graceSeconds);
      const cancelledIds = await db.transaction(async (tx) => {
        const overdue = await lockOverdueOrders(tx, cutoff, batchSize);
        for (const order of overdue) await cancelOrder(tx, order);
        return overdue.map((order) => order.id);
      });
      if (cancelledIds.length > 0) {
        logger.warn({ orders: cancelledIds }, 'cancelled overdue orders whose expiration timer had not fired');
        this.cancelled?.inc(cancelledIds.length);
      }
      total += cancelledIds.length;
      if (cancelledIds.length < batchSize) return total;
    }
  }
}
