// No shared engines: every test file starts its own NATS and Redis (startTestService with a private Redis), and the
// service has no database, so the MongoDB engine of the global setup would only cost time.
module.exports = require('../jest.preset.js')(__dirname, { engines: false });
