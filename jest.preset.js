// Shared by every workspace's jest.config.js: swc strips the types (tsc --noEmit checks them), and
// @ticketing/common resolves to its sources so tests never run against a stale build.
const path = require('node:path');

module.exports = function preset(dir) {
  return {
    displayName: path.basename(dir),
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.tsx?$': [
        '@swc/jest',
        { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
      ],
    },
    moduleNameMapper: {
      '^@ticketing/common$': path.join(__dirname, 'common/src/index.ts'),
      '^@ticketing/common/testing$': path.join(__dirname, 'common/src/testing/index.ts'),
      '^@ticketing/common/testing/smtp$': path.join(__dirname, 'common/src/testing/smtp-test-server.ts'),
      '^@ticketing/common/testing/stripe$': path.join(__dirname, 'common/src/testing/fake-stripe.ts'),
      '^@ticketing/common/tracing$': path.join(__dirname, 'common/src/tracing/index.ts'),
    },
  };
};
