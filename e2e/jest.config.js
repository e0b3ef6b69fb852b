// The whole system is started once per test file by infra/local's startSystem (it starts its own engines), so the
// engines harness is not needed here; one worker, because each file runs a full system on 2 cores.
module.exports = {
  ...require('../jest.preset.js')(__dirname, { engines: false }),
  maxWorkers: 1,
  testTimeout: 180_000,
};
