import { Gauge, type Registry } from 'prom-client';
import { readWithin } from '../metrics/metrics';
import type { Bus } from './bus';

export interface ConsumerLagOptions {
  bus: Pick<Bus, 'jsm' | 'stream' | 'isConnected'>;
  /** The durable consumers of the service's listeners (`RunningListener.durable`). */
  durables: string[];
  registry: Registry;
  /** How long a scrape waits for JetStream's answers before it reports what it last knew. */
  timeoutMs?: number;
}

/**
 * `events_consumer_pending{consumer}`: how many events each of the service's durable consumers has
 * still to handle, those not yet delivered (num_pending) and those delivered but not yet
 * acknowledged (num_ack_pending). It is asked of JetStream at each scrape, by consumer info on the
 * stream and durable, the one call about its consumers the service's NATS user may make (see
 * permissionsOf). While the bus is unreachable, or a consumer does not answer in time, or does not
 * exist yet, its last value stands: a scrape never waits on NATS longer than `timeoutMs`.
 */
export function registerConsumerLag({ bus, durables, registry, timeoutMs = 2_000 }: ConsumerLagOptions): void {
  new Gauge({
    name: 'events_consumer_pending',
    help: 'Events a durable consumer has still to handle: not yet delivered plus delivered but not yet acknowledged',
    labelNames: ['consumer'] as const,
    registers: [registry],
    async collect() {
      if (!bus.isConnected) return;
      await Promise.all(
        durables.map(async (durable) => {
          const info = await readWithin(bus.jsm.consumers.info(bus.stream, durable), timeoutMs);
          if (info) this.set({ consumer: durable }, info.num_pending + info.num_ack_pending);
        }),
      );
    },
  });
}
