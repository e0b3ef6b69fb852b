// No engines from the global setup: the trace test starts its own nats-server (startTestNats), and nothing here
// needs the MongoDB engine or Redis.
module.exports = require('../jest.preset.js')(__dirname, { engines: false });
