// `npm run republish -- users` (DESIGN §16): auth's republish CLI (auth/dist/republish-cli.js), which publishes every
// account as UserCreated for orders' users replica (DESIGN §12), against auth's database and the bus: MONGO_URI and
// NATS_URL, NATS_USER, NATS_PASSWORD when set, else those of the `npm start` running on DATA_DIR (default .data): its
// engines file, and auth's own NATS login from its secrets (auth owns user.created). Its output and exit code are the
// command's (0 done, 1 failed, 2 bad arguments).
import { z } from 'zod';
import { withDatabase } from '../start/parts';
import { readDataDirJson, runServiceCli } from '../start/service-cli';

/** auth's republish CLI, built with auth (`tsc -b`), from the repo root. */
export const REPUBLISH_CLI = 'auth/dist/republish-cli.js';

const EnginesFile = z.object({ mongoUri: z.string().min(1), natsUrl: z.string().min(1) });
const SecretsFile = z.object({ bus: z.object({ passwords: z.object({ auth: z.string().min(1) }) }) });
const OTHERWISE = 'set MONGO_URI, NATS_URL, NATS_USER and NATS_PASSWORD';

function storesOf(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.MONGO_URI && env.NATS_URL && env.NATS_USER && env.NATS_PASSWORD) {
    return {
      MONGO_URI: env.MONGO_URI,
      NATS_URL: env.NATS_URL,
      NATS_USER: env.NATS_USER,
      NATS_PASSWORD: env.NATS_PASSWORD,
    };
  }
  const engines = readDataDirJson(env, 'engines.json', EnginesFile, OTHERWISE);
  const secrets = readDataDirJson(env, 'secrets.json', SecretsFile, OTHERWISE);
  return {
    MONGO_URI: withDatabase(engines.mongoUri, 'auth'),
    NATS_URL: engines.natsUrl,
    NATS_USER: 'auth',
    NATS_PASSWORD: secrets.bus.passwords.auth,
  };
}

runServiceCli('republish', REPUBLISH_CLI, () => storesOf(process.env));
