// Installs the engines when missing (FerretDB v1.24.2, nats-server, redis-server), printing progress; fast when
// everything is there. Needs infra/local to be built (npm test and npm start build first).
const { ensureEngines } = require('../infra/local/dist');

ensureEngines({ log: (line) => process.stdout.write(`    ${line}\n`) }).then(
  (bins) => {
    for (const [name, path] of Object.entries(bins)) process.stdout.write(`    ${name}: ${path}\n`);
  },
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
