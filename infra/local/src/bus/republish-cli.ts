// `npm run republish -- users | events` (DESIGN §16): the owner's republish CLI, against its database and the bus:
// `users` is auth's (auth/dist/republish-cli.js: every account as UserCreated, for orders' users replica, DESIGN
// §12), `events` is tickets' (tickets/dist/republish-cli.js: every scheduled event as EventCreated, for queue's rooms,
// DESIGN §13). MONGO_URI and NATS_URL, NATS_USER, NATS_PASSWORD when set, else those of the `npm start` running on
// DATA_DIR (default .data): its engines file, and the owner's own NATS login from its secrets (it owns the subject).
// Its output and exit code are the command's (0 done, 1 failed, 2 bad arguments).
import { z } from 'zod';
import { withDatabase } from '../start/parts';
import { readDataDirJson, runServiceCli } from '../start/service-cli';

/** Each republish CLI, built with its service (`tsc -b`), from the repo root, and the service that owns it. */
export const REPUBLISH_CLIS = {
  users: { owner: 'auth', script: 'auth/dist/republish-cli.js' },
  events: { owner: 'tickets', script: 'tickets/dist/republish-cli.js' },
} as const;
type Owner = (typeof REPUBLISH_CLIS)[keyof typeof REPUBLISH_CLIS]['owner'];

const USAGE = `usage: npm run republish -- users | events

users   auth publishes every account as UserCreated (orders' users replica)
events  tickets publishes every scheduled event as EventCreated (queue's waiting rooms)`;

const EnginesFile = z.object({ mongoUri: z.string().min(1), natsUrl: z.string().min(1) });
const OTHERWISE = 'set MONGO_URI, NATS_URL, NATS_USER and NATS_PASSWORD';

function storesOf(env: NodeJS.ProcessEnv, owner: Owner): Record<string, string> {
  if (env.MONGO_URI && env.NATS_URL && env.NATS_USER && env.NATS_PASSWORD) {
    return {
      MONGO_URI: env.MONGO_URI,
      NATS_URL: env.NATS_URL,
      NATS_USER: env.NATS_USER,
      NATS_PASSWORD: env.NATS_PASSWORD,
    };
  }
  const SecretsFile = z.object({ bus: z.object({ passwords: z.object({ [owner]: z.string().min(1) }) }) });
  const engines = readDataDirJson(env, 'engines.json', EnginesFile, OTHERWISE);
  const secrets = readDataDirJson(env, 'secrets.json', SecretsFile, OTHERWISE);
  return {
    MONGO_URI: withDatabase(engines.mongoUri, owner),
    NATS_URL: engines.natsUrl,
    NATS_USER: owner,
    NATS_PASSWORD: String(secrets.bus.passwords[owner]),
  };
}

const what = process.argv[2];
if (what === '--help' || what === '-h') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const cli = what === 'users' || what === 'events' ? REPUBLISH_CLIS[what] : undefined;
if (!cli) {
  process.stderr.write(`republish: expected "users" or "events"\n\n${USAGE}\n`);
  process.exit(2);
} else {
  runServiceCli('republish', cli.script, () => storesOf(process.env, cli.owner));
}
