// `npm run admin -- grant|revoke <email>` (DESIGN §12 "Roles"): auth's admin CLI (auth/dist/admin-cli.js), against
// auth's stores as auth reads them: MONGO_URI (auth's database) and REDIS_URL when both are set, else those of the
// `npm start` running on DATA_DIR (default .data): its engines file and the Redis password in its secrets. Its output
// and exit code are the command's (0 done, 1 failed, 2 bad arguments).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ADMIN_CLI } from './admin';
import { REPO_ROOT, withDatabase } from './parts';

const EnginesFile = z.object({ mongoUri: z.string().min(1), redisUrl: z.string().min(1) });
const SecretsFile = z.object({ redisPassword: z.string().min(1) });

function readJson<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`cannot read ${file} (${String(error)}): is npm start running? Or set MONGO_URI and REDIS_URL`, {
      cause: error,
    });
  }
}

/** MONGO_URI and REDIS_URL: the environment's, or those of the local system on DATA_DIR. */
function storesOf(env: NodeJS.ProcessEnv): { MONGO_URI: string; REDIS_URL: string } {
  if (env.MONGO_URI && env.REDIS_URL) return { MONGO_URI: env.MONGO_URI, REDIS_URL: env.REDIS_URL };
  const dataDir = path.resolve(REPO_ROOT, env.DATA_DIR || '.data');
  const engines = readJson(path.join(dataDir, 'engines.json'), EnginesFile);
  const { redisPassword } = readJson(path.join(dataDir, 'secrets.json'), SecretsFile);
  // The engines file keeps Redis' URL without its password (it is printed); the secrets file has it.
  const redisUrl = new URL(engines.redisUrl);
  redisUrl.password = redisPassword;
  return { MONGO_URI: withDatabase(engines.mongoUri, 'auth'), REDIS_URL: redisUrl.toString() };
}

function main(): void {
  let stores;
  try {
    stores = storesOf(process.env);
  } catch (error) {
    process.stderr.write(`admin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [path.join(REPO_ROOT, ADMIN_CLI), ...process.argv.slice(2)], {
    env: { ...process.env, ...stores },
    stdio: 'inherit',
  });
  child.on('error', (error) => {
    process.stderr.write(`admin: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
