// Offline checks only: no engines to start (jest.preset.js). The globalSetup installs the pinned kustomize that renders
// the overlays (test/support/kustomize.ts).
const path = require('node:path');

module.exports = {
  ...require('../../jest.preset.js')(__dirname, { engines: false }),
  globalSetup: path.join(__dirname, 'test/support/global-setup.ts'),
};
