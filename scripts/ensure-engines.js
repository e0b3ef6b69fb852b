// Installs the engines when missing (mongo-java-server 1.46.0 with Maven, nats-server v2.11.16 with go install,
// redis-server with apt-get) and nginx for the local gateway (apt-get), printing progress; fast when everything is
// there. Needs infra/local to be built (npm test and npm start build first).
const { ensureEngines } = require('../infra/local/dist');

ensureEngines({ log: (line) => process.stdout.write(`    ${line}\n`) }).then(
  (bins) => {
    for (const [name, command] of Object.entries(bins)) {
      const shown = typeof command === 'string' ? command : `${command.java} ${command.mainClass}`;
      process.stdout.write(`    ${name}: ${shown}\n`);
    }
  },
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
