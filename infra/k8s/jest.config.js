// No engines from the preset (jest.preset.js): the checks are offline, but for the image rehearsal, which starts
// engines of its own. The globalSetup installs the pinned kustomize that renders the overlays
// (test/support/kustomize.ts).
const path = require('node:path');

module.exports = {
  ...require('../../jest.preset.js')(__dirname, { engines: false }),
  globalSetup: path.join(__dirname, 'test/support/global-setup.ts'),
};
