import { busEnv, currencyEnv, databaseEnv, listenerEnv, loadConfig, outboxEnv, serviceEnv, sessionEnv, type ConfigOf } from '@ticketing/common';

const ticketsEnv = { ...serviceEnv, ...databaseEnv, ...sessionEnv, ...busEnv, ...listenerEnv, ...outboxEnv, ...currencyEnv };

export type TicketsConfig = ConfigOf<typeof ticketsEnv>;

export function loadTicketsConfig(source: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(ticketsEnv, source);
}
