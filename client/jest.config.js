// The preset as every workspace uses it; .next/ is ignored because the standalone build copies
// package.json there, which jest's module map would otherwise report as a duplicate package.
const preset = require('../jest.preset.js')(__dirname, { engines: false });
module.exports = { ...preset, modulePathIgnorePatterns: ['<rootDir>/.next/'] };
