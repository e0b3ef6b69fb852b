// No engines from the global setup: the trace and dead-letters tests start their own nats-server (startTestNats),
// and nothing here needs the MongoDB engine or Redis.
module.exports = require('../jest.preset.js')(__dirname, { engines: false });
