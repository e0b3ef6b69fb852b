// The preset as every workspace uses it; .next/ is ignored because the standalone build copies
// package.json there, which jest's module map would otherwise report as a duplicate package.
// `server-only` is a marker that Next.js resolves at build time (it fails a client bundle that imports server code);
// outside Next there is no such module, so the tests of server code map it to an empty one.
const preset = require('../jest.preset.js')(__dirname, { engines: false });
module.exports = {
  ...preset,
  modulePathIgnorePatterns: ['<rootDir>/.next/'],
  moduleNameMapper: { '^server-only$': '<rootDir>/test/support/server-only.js' },
};
