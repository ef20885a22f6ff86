// npm run test:containers: the images built and run for real. Not part of npm test: it needs a Docker
// engine, root to install and start one, and minutes to build.
const preset = require('../../jest.preset')(require('node:path').join(__dirname, '..'));

module.exports = {
  ...preset,
  displayName: 'containers',
  testMatch: ['<rootDir>/containers/**/*.test.ts'],
  testTimeout: 15 * 60_000,
  verbose: true,
};
