/** Orders on the bus and in its database, whichever of its processes is speaking. */
export const SERVICE = 'orders';

/** The process that runs orders' event listeners (worker.ts), by its own name in logs, metrics and traces. */
export const WORKER = 'orders-worker';
