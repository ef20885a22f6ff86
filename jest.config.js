module.exports = {
  // Tests talk to real servers; a global option, so it lives here rather than in the preset.
  testTimeout: 30_000,
  projects: ['<rootDir>/common', '<rootDir>/auth', '<rootDir>/tickets', '<rootDir>/orders', '<rootDir>/payments', '<rootDir>/expiration', '<rootDir>/notifications', '<rootDir>/client', '<rootDir>/suite', '<rootDir>/integration', '<rootDir>/infra', '<rootDir>/chaos'],
};
