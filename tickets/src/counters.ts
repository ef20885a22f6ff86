import { Counter, type Registry } from 'prom-client';
import type { TicketsDeps } from './domain/deps';
import type { CheckInVerdict } from './domain/check-in';

/** The tickets counters for the metrics, behind the callbacks the use cases tell. Each replica counts what it did. */
export function ticketsCounters(registry: Registry): Required<Pick<TicketsDeps, 'onCheckIn'>> {
  const checkIns = new Counter({
    name: 'check_ins_total',
    help: 'Codes scanned at the door by their organiser, by outcome: admitted, or refused (not valid, or valid but not now)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return { onCheckIn: (outcome: CheckInVerdict) => checkIns.inc({ outcome }) };
}
