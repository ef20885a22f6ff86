export { createTestDatabase, testServerUrl, type TestDatabase } from './test-database';
export { fakeSession, sessionCookieHeader, signUp } from './sessions';
export { testBusNames, testNatsUrl, type TestBusNames } from './test-bus';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
export { eventually } from './eventually';
export { metricValue } from './metric-value';
export { migrationsUpTo } from './migrations-up-to';
export { base32Decode, codeShownAt } from './authenticator';
