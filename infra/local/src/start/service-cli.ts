// What the operator's commands that run a service's CLI against the local system share (`npm run admin`, `npm run
// republish`): reading what a running `npm start` keeps in DATA_DIR, and running the service's CLI as the command.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { REPO_ROOT } from './parts';

/** The data dir of the local system: DATA_DIR (default .data), from the repo root. */
export function localDataDir(env: NodeJS.ProcessEnv): string {
  return path.resolve(REPO_ROOT, env.DATA_DIR || '.data');
}

/** One JSON file of the data dir (engines.json, secrets.json), checked; throws saying what to do when it is not there. */
export function readDataDirJson<S extends z.ZodType>(
  env: NodeJS.ProcessEnv,
  name: string,
  schema: S,
  otherwise: string,
): z.output<S> {
  const file = path.join(localDataDir(env), name);
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`cannot read ${file} (${String(error)}): is npm start running? Or ${otherwise}`, { cause: error });
  }
}

/**
 * Runs `node <script> <process's arguments>` from the repo root with `env` added, as this command: its output and
 * exit code are the command's. `name` prefixes the launcher's own errors (`stores` failing: exit 1).
 */
export function runServiceCli(name: string, script: string, stores: () => Record<string, string>): void {
  let env;
  try {
    env = stores();
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...process.argv.slice(2)], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('error', (error) => {
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
