// Offline checks only: no engines to start (jest.preset.js).
module.exports = require('../../jest.preset.js')(__dirname, { engines: false });
