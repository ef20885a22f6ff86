import { createTicketsApp } from '../../tickets/src/app';
import { loadTicketsConfig } from '../../tickets/src/config';
import { migrationsFolder as ticketsMigrations } from '../../tickets/src/db/migrations-folder';
import { schema as ticketsSchema } from '../../tickets/src/db/schema';
import { ticketsEventHandlers } from '../../tickets/src/events/handlers';
import { createOrdersApp } from '../../orders/src/app';
import { loadOrdersConfig } from '../../orders/src/config';
import { migrationsFolder as ordersMigrations } from '../../orders/src/db/migrations-folder';
import { schema as ordersSchema } from '../../orders/src/db/schema';
import { ordersEventHandlers } from '../../orders/src/events/handlers';
import { runService, type RunningService, type SuiteEnv } from './service-harness';

export { ordersSchema, ticketsSchema };

/** Readiness is not under test here. */
const readiness = {};

export type RunningTickets = RunningService<typeof ticketsSchema>;
export type RunningOrders = RunningService<typeof ordersSchema>;

export function runTickets(env: SuiteEnv): Promise<RunningTickets> {
  return runService({
    name: 'tickets',
    env,
    loadConfig: loadTicketsConfig,
    schema: ticketsSchema,
    migrationsFolder: ticketsMigrations,
    handlers: ticketsEventHandlers,
    buildApp: (deps) => createTicketsApp({ ...deps, readiness }),
  });
}

export function runOrders(env: SuiteEnv): Promise<RunningOrders> {
  return runService({
    name: 'orders',
    env,
    loadConfig: loadOrdersConfig,
    schema: ordersSchema,
    migrationsFolder: ordersMigrations,
    handlers: ordersEventHandlers,
    buildApp: (deps) => createOrdersApp({ ...deps, readiness }),
  });
}
