// The launcher's own tests run under the same harness they test: global-setup from dist/ (build first with
// `npx tsc -b infra/local`) starts the engines; engines.test.ts starts and kills further ones of its own.
module.exports = require('../../jest.preset.js')(__dirname);
