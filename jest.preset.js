// Shared jest settings for every workspace. TypeScript is transpiled by swc (types are checked once by `tsc -b`
// in `npm test`, not again per test file), and the real engines are started once per jest run by infra/local.
const path = require('node:path');

/** @param {string} rootDir the workspace folder @param {{ engines?: boolean }} [options] */
module.exports = function preset(rootDir, options = {}) {
  const engines = options.engines ?? true;
  return {
    rootDir,
    testEnvironment: 'node',
    transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testTimeout: 60_000,
    // One worker per core at most: the engines and the services under test share the same two cores.
    maxWorkers: process.env.CI ? 1 : 2,
    ...(engines && {
      globalSetup: path.join(__dirname, 'infra/local/dist/jest/global-setup.js'),
      globalTeardown: path.join(__dirname, 'infra/local/dist/jest/global-teardown.js'),
    }),
  };
};
