import { databaseUrlVariable, processesToRun, services, webApp } from '../src/services';

const names = (env: NodeJS.ProcessEnv) => processesToRun(env).map((service) => service.name);
const worker = services.find((service) => service.name === 'orders-worker')!;

describe('the processes a launch runs', () => {
  it("when orders has embedded PGlite, then there is no orders worker: PGlite belongs to one process, so orders runs its listeners itself", () => {
    expect(names({})).toEqual(['auth', 'tickets', 'orders', 'payments', 'expiration', 'notifications']);
  });

  it("when orders has a PostgreSQL server, then the orders worker runs beside it, on orders' own database", () => {
    const env = { ORDERS_DATABASE_URL: 'postgres://127.0.0.1/orders' };

    expect(names(env)).toEqual(['auth', 'tickets', 'orders', 'payments', 'expiration', 'notifications', 'orders-worker']);
    expect(databaseUrlVariable(worker)).toBe('ORDERS_DATABASE_URL');
  });

  it("when only other services have servers, then orders keeps its listeners", () => {
    expect(names({ TICKETS_DATABASE_URL: 'postgres://127.0.0.1/tickets' })).not.toContain('orders-worker');
  });

  it('when the ports are counted up from the gateway, then no two processes share one', () => {
    const offsets = [...services, webApp].map((service) => service.portOffset);

    expect(new Set(offsets).size).toBe(offsets.length);
  });
});
