export * from './errors/http-errors';
export { isUnavailableError } from './errors/unavailable';
export { errorHandler, notFoundHandler } from './errors/error-handler';
export { currentUser, requireAuth } from './middlewares/current-user';
export { validateRequest } from './middlewares/validate-request';
export { sessionCookie, SESSION_COOKIE_NAME, type SessionCookieOptions } from './middlewares/session';
export { signSessionToken, verifySessionToken, type SessionUser } from './auth/session-token';
export { loadConfig, env, serviceEnv, databaseEnv, sessionEnv, ConfigError, redactSecrets, type EnvVar, type ConfigOf } from './config/config';
export { createLogger, type Logger, type LoggerOptions } from './logging/logger';
export { activeSpanFields, contextOf, currentTraceCarrier, inSpan, SpanKind, type TraceCarrier } from './tracing/trace-context';
export { requestLogger, REQUEST_ID_HEADER } from './logging/request-logger';
export { createMetrics, metricsMiddleware, metricsHandler, readWithin, type ServiceMetrics } from './metrics/metrics';
export { healthRouter, type ReadinessCheck, type HealthOptions } from './health/health';
export { createServiceApp, type ServiceAppOptions } from './http/create-service-app';
export { startServer, type Closer, type RunningServer, type StartServerOptions } from './http/start-server';
export { createListedPages, LISTED_PAGE_CACHE_CONTROL, matchesIfNoneMatch, type ListedPages, type ListedPagesOptions } from './http/listed-pages';
export { openDatabase, type Database, type Db, type OpenDatabaseOptions } from './db/database';
export { ensurePgliteTemplate, pgliteVersion } from './db/pglite';
export { literalList } from './db/literal-list';
export * from './events/catalogue';
export { readEnvelope, assertValidEnvelope, describeIssues, InvalidEventError, type EnvelopeReading } from './events/validation';
export { decideVersion, EventRejectedError, RetryLaterError, type VersionDecision } from './events/versioning';
export { Bus, BusUnavailableError, busEnv, type BusOptions } from './bus/bus';
export {
  busParticipants,
  busServices,
  busUsers,
  durableName,
  natsAuthorizationConf,
  natsPasswordVariable,
  OPERATOR_USER,
  permissionsOf,
  type BusNames,
  type BusService,
  type BusUser,
  type NatsPermissions,
} from './bus/permissions';
export { replayParkedEvents, type ReplayedEvent } from './bus/replay';
export { DEAD_LETTER_HEADERS, HandlerTimeoutError, startListener, listenerEnv, type EventHandler, type ListenerOptions, type RunningListener } from './bus/listener';
export { registerConsumerLag, type ConsumerLagOptions } from './bus/consumer-lag';
export { outbox, type OutboxRow } from './outbox/outbox-table';
export { recordEvent, OUTBOX_CHANNEL } from './outbox/record-event';
export { OutboxRelay, outboxEnv, type OutboxRelayOptions } from './outbox/relay';
export { toCents, fromCents, MAX_PRICE_CENTS } from './money/money';
export { chargeLimits, currencyEnv, formatAmount, SUPPORTED_CURRENCIES, type ChargeLimits } from './money/currency';
export {
  buyerFee,
  chargeablePriceRange,
  feeScheduleOf,
  feesEnv,
  isChargeablePrice,
  orderTotal,
  priceBreakdown,
  sellerProceeds,
  type FeeSchedule,
  type PriceBreakdown,
  type PriceRange,
} from './money/fees';
export { maxResalePrice, resalePriceCapEnv, type ResalePriceCap } from './money/resale-cap';
export { type BasisPoints } from './money/percent';
export { uuidParam, isUuid } from './middlewares/uuid-param';
export { decodeCursor, encodeCursor, pageOf, type Cursor } from './pagination/cursor';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageQueryFields } from './pagination/page-query';
export { startEventRuntime, type EventRuntime, type EventRuntimeOptions } from './service/event-runtime';
export { startPeriodicTask, type PeriodicTaskOptions } from './service/periodic-task';
export { openServiceDatabase, runMain, sessionOptions, type ServiceDatabase, type ServiceDeps } from './service/bootstrap';
