// The admin of the local system (DESIGN §12 "Roles"): auth's admin CLI run against the local stores, by `npm run
// admin` and by every start, which seeds `admin@ticketing.dev` with it (the same command the Kubernetes Job `admin`
// runs). The account is made by that command from ADMIN_PASSWORD, or from a password generated once and kept in the
// data dir (mode 0600): printed at the start that made it, and only where it is kept afterwards.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { keptSecret } from '../engines/kept-secret';
import { runCommand } from '../engines/run-command';
import type { LogLine } from '../engines/types';
import { withDatabase } from './parts';

/** The seeded admin's email. */
export const ADMIN_EMAIL = 'admin@ticketing.dev';

/** auth's admin CLI, built with auth (`tsc -b`), from the repo root. */
export const ADMIN_CLI = 'auth/dist/admin-cli.js';

/** Where auth's stores are: the engine's MongoDB URI without a database (auth's is added) and Redis with its password. */
export interface AdminTarget {
  mongoUri: string;
  redisUrl: string;
}

/**
 * Runs auth's admin CLI with `args` against `target`, with `env` added (ADMIN_PASSWORD). Resolves its output; rejects
 * with its exit code and last lines (the reason: no such account, a store unreachable).
 */
export function runAdminCli(
  repoRoot: string,
  target: AdminTarget,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<string> {
  return runCommand(process.execPath, [path.join(repoRoot, ADMIN_CLI), ...args], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      ...env,
      MONGO_URI: withDatabase(target.mongoUri, 'auth'),
      REDIS_URL: target.redisUrl,
    },
    timeoutMs: 60_000,
  });
}

const KeptAdminPassword = z.object({ email: z.string(), password: z.string().min(8).max(128) });

/** The seeded admin, as a start reports it. */
export interface SeededAdmin {
  email: string;
  password: string;
  /** Where the generated password is kept; absent when it came from ADMIN_PASSWORD. */
  passwordFile?: string;
}

/** Attempts of the seed's grant: it changes nothing once done, so a failure (a store still starting) is retried. */
const SEED_ATTEMPTS = 3;

async function grantWithRetries(options: { repoRoot: string; target: AdminTarget; log: LogLine }, password: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runAdminCli(options.repoRoot, options.target, ['grant', ADMIN_EMAIL, '--create'], {
        ADMIN_PASSWORD: password,
      });
    } catch (error) {
      if (attempt >= SEED_ATTEMPTS) throw error;
      options.log(`admin: seeding failed (attempt ${attempt} of ${SEED_ATTEMPTS}), retrying: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/**
 * Makes `admin@ticketing.dev` an admin, creating the account when it is missing: `grant --create` of auth's admin CLI,
 * which changes nothing (and ends no session) once the account holds the role, so it runs at every start. The
 * password is `adminPassword` (ADMIN_PASSWORD), or else the one kept in `passwordFile`, made and printed the first
 * time; an existing account keeps its password either way.
 * @throws Error with the CLI's output when it fails.
 */
export async function seedAdmin(options: {
  repoRoot: string;
  target: AdminTarget;
  passwordFile: string;
  adminPassword?: string;
  log: LogLine;
}): Promise<SeededAdmin> {
  let made = false;
  const password =
    options.adminPassword ??
    (
      await keptSecret(options.passwordFile, KeptAdminPassword, () => {
        made = true;
        return { email: ADMIN_EMAIL, password: randomBytes(18).toString('base64url') };
      })
    ).password;
  const output = await grantWithRetries(options, password);
  for (const line of output.trim().split('\n')) options.log(`admin: ${line}`);
  if (options.adminPassword !== undefined) {
    options.log(`admin: ${ADMIN_EMAIL}, password from ADMIN_PASSWORD`);
    return { email: ADMIN_EMAIL, password };
  }
  options.log(
    made
      ? `admin: ${ADMIN_EMAIL}, password ${password} (shown this once; kept in ${options.passwordFile})`
      : `admin: ${ADMIN_EMAIL}, password kept in ${options.passwordFile}`,
  );
  return { email: ADMIN_EMAIL, password, passwordFile: options.passwordFile };
}
