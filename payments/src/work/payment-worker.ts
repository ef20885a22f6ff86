import type { Logger } from '@ticketing/common';
import { closeOverdueOrders } from '../domain/close-order';
import type { PaymentsDeps } from '../domain/deps';
import { runDueWork } from '../domain/payment-work';
import { runDuePayouts } from '../domain/payout-work';

export interface PaymentWorkerOptions {
  deps: PaymentsDeps;
  logger: Logger;
  /** Open orders this long past expiresAt are closed even if their timer never fired. */
  graceMs: number;
  intervalMs: number;
}

/**
 * The background half of payments, on every replica: closes overdue orders whose hold timer was
 * lost, carries out work at Stripe that could not be done when it arose (Stripe was down, the
 * process died), and sends sellers the payouts they can receive. Claims keep two replicas off the
 * same payment or payout.
 */
export class PaymentWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: PaymentWorkerOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.options.logger.warn({ err }, 'payment worker round failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<void> {
    await closeOverdueOrders(this.options.deps, this.options.graceMs);
    while ((await runDueWork(this.options.deps)) > 0);
    while ((await runDuePayouts(this.options.deps)) > 0);
  }
}
