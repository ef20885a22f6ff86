// Unit tests of the app's plain modules (lib/): the pages and components are proven in the browser (e2e/).
const preset = require('../jest.preset')(__dirname);

module.exports = {
  ...preset,
  // The build's standalone output holds a copy of this package.json.
  modulePathIgnorePatterns: ['<rootDir>/.next/'],
};
