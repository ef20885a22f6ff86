import { busEnv, databaseEnv, listenerEnv, loadConfig, serviceEnv, sessionEnv, type ConfigOf } from '@ticketing/common';

const ticketsEnv = { ...serviceEnv, ...databaseEnv, ...sessionEnv, ...busEnv, ...listenerEnv };

export type TicketsConfig = ConfigOf<typeof ticketsEnv>;

export function loadTicketsConfig(source: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(ticketsEnv, source);
}
