// `npm run admin -- grant|revoke <email>` (DESIGN §12 "Roles"): auth's admin CLI (auth/dist/admin-cli.js), against
// auth's stores as auth reads them: MONGO_URI (auth's database) and REDIS_URL when both are set, else those of the
// `npm start` running on DATA_DIR (default .data): its engines file and the Redis password in its secrets. Its output
// and exit code are the command's (0 done, 1 failed, 2 bad arguments).
import { z } from 'zod';
import { ADMIN_CLI } from './admin';
import { withDatabase } from './parts';
import { readDataDirJson, runServiceCli } from './service-cli';

const EnginesFile = z.object({ mongoUri: z.string().min(1), redisUrl: z.string().min(1) });
const SecretsFile = z.object({ redisPassword: z.string().min(1) });
const OTHERWISE = 'set MONGO_URI and REDIS_URL';

/** MONGO_URI and REDIS_URL: the environment's, or those of the local system on DATA_DIR. */
function storesOf(env: NodeJS.ProcessEnv): { MONGO_URI: string; REDIS_URL: string } {
  if (env.MONGO_URI && env.REDIS_URL) return { MONGO_URI: env.MONGO_URI, REDIS_URL: env.REDIS_URL };
  const engines = readDataDirJson(env, 'engines.json', EnginesFile, OTHERWISE);
  const { redisPassword } = readDataDirJson(env, 'secrets.json', SecretsFile, OTHERWISE);
  // The engines file keeps Redis' URL without its password (it is printed); the secrets file has it.
  const redisUrl = new URL(engines.redisUrl);
  redisUrl.password = redisPassword;
  return { MONGO_URI: withDatabase(engines.mongoUri, 'auth'), REDIS_URL: redisUrl.toString() };
}

runServiceCli('admin', ADMIN_CLI, () => storesOf(process.env));
