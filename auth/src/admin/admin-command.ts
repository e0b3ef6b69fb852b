import { parseArgs } from 'node:util';
import {
  BadRequestError,
  configFields,
  createRedisClient,
  loadConfig,
  sessionRevocations,
  withDeadline,
  type Redis,
  type Role,
} from '@ticketing/common';
import mongoose from 'mongoose';
import { z } from 'zod';
import { findUserByEmail, setRole, signUp, users } from '../models/user';
import { Email, NewPassword } from '../routes/credentials';

export const USAGE = `usage: npm run admin -- grant <email> [--create]
       npm run admin -- revoke <email>

Grants or revokes the admin role (DESIGN §12 "Roles") of an existing account, in auth's database, and ends all of
that user's sessions, so that their next sign-in carries their roles. Granting a role they hold, or revoking one
they do not, changes nothing (a revoke ends their sessions all the same). Nobody gains a role by signing up.

  --create   (grant) create the account first when no account has that email, with the password in ADMIN_PASSWORD
             (read from the environment, never from the command line); an existing account's password is kept

Environment, as auth reads it: MONGO_URI (auth's database) and REDIS_URL (the session deny-list).
Exit codes: 0 done, 1 failed (no such account, a store unreachable), 2 bad arguments or environment.`;

const AdminEnv = z.object({
  MONGO_URI: configFields.MONGO_URI,
  REDIS_URL: configFields.REDIS_URL,
  ADMIN_PASSWORD: NewPassword.optional(),
});

/** The one role an operator grants today (common's ROLES). */
const ROLE: Role = 'admin';

/** How long the command waits for the database or Redis before it gives up (exit 1). */
const CONNECT_TIMEOUT_MS = 10_000;

/** Where the command writes: the terminal, or a test's buffers. */
export interface AdminIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * A Redis client, connected: one for requests fails its commands at once while disconnected. Its connection errors
 * are kept for the message rather than printed by ioredis as unhandled.
 */
async function connectRedis(url: string): Promise<Redis> {
  const redis = createRedisClient(url, 'auth-admin');
  let lastError: unknown;
  redis.on('error', (error: unknown) => (lastError = error));
  try {
    await withDeadline(redis.connect(), CONNECT_TIMEOUT_MS, 'redis connection');
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis (REDIS_URL) cannot be reached: ${String(lastError ?? error)}`, { cause: error });
  }
}

type Parsed = { command: 'grant' | 'revoke'; email: string; create: boolean } | { exitCode: number };

function parse(argv: readonly string[], env: NodeJS.ProcessEnv, io: AdminIo): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { create: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`admin: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return { exitCode: 0 };
  }
  const [command, address, ...extra] = parsed.positionals;
  if ((command !== 'grant' && command !== 'revoke') || address === undefined || extra.length > 0) {
    io.err(`admin: expected grant or revoke and one email\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  const create = parsed.values.create === true;
  if (create && command !== 'grant') {
    io.err(`admin: --create goes with grant only\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  const email = Email.safeParse(address);
  if (!email.success) {
    io.err(`admin: ${JSON.stringify(address)} is not an email: ${email.error.issues[0]?.message ?? 'invalid'}`);
    return { exitCode: 2 };
  }
  if (create && !env.ADMIN_PASSWORD) {
    io.err("admin: --create needs the new account's password in ADMIN_PASSWORD (8 to 128 characters)");
    return { exitCode: 2 };
  }
  return { command, email: email.data, create };
}

/**
 * `npm run admin` (auth/dist/admin-cli.js): grants or revokes the admin role of the account of an email and ends that
 * user's sessions ({@link USAGE}). The role is written first, with one atomic update, and the sessions are ended
 * after it, so that a sign-in in between already reads the new roles. A grant that found the role in place ends no
 * session (npm start and the Kubernetes Job run it at every start and deploy); a revoke always ends them, so that
 * running it again finishes one that stopped between its two steps. Returns the exit code; never throws.
 */
export async function runAdminCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: AdminIo): Promise<number> {
  const args = parse(argv, env, io);
  if ('exitCode' in args) return args.exitCode;
  let config;
  try {
    config = loadConfig(AdminEnv, env);
  } catch (error) {
    io.err(`admin: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }

  let redis: Redis | undefined;
  try {
    await mongoose
      .connect(config.MONGO_URI, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS })
      .catch((error: unknown) => {
        throw new Error(`the database (MONGO_URI) cannot be reached: ${String(error)}`, { cause: error });
      });
    // mongoose builds every model's collection and indexes in the background once connected; a write racing those
    // builds failed once on the local engine ("Unknown error: null", a clean CI run), so they are awaited first.
    for (const name of mongoose.modelNames()) await mongoose.model(name).init();
    redis = await connectRedis(config.REDIS_URL);

    if (args.create && config.ADMIN_PASSWORD && !(await findUserByEmail(args.email))) {
      // The unique email index must exist before the insert (this may run before auth's first boot).
      await users.init();
      const created = await signUp(args.email, config.ADMIN_PASSWORD).catch((error: unknown) => {
        // Created meanwhile by someone else: the grant below applies to that account.
        if (error instanceof BadRequestError) return null;
        throw error;
      });
      if (created)
        io.out(`created the account ${created.email} (user ${created.id}) with the password in ADMIN_PASSWORD`);
    }

    const held = args.command === 'grant';
    const result = await setRole(args.email, ROLE, held);
    if (!result) {
      io.err(`admin: no account has the email ${args.email} (sign up first${held ? ', or grant with --create' : ''})`);
      return 1;
    }
    const who = `${result.user.email} (user ${result.user.id})`;
    if (held && !result.changed) {
      io.out(`${who} already holds ${ROLE}; nothing changed`);
      return 0;
    }
    await sessionRevocations(redis)
      .revokeUser(result.user.id)
      .catch((error: unknown) => {
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        throw new Error(
          held
            ? `${ROLE} is granted to ${who}, but their sessions could not be ended${cause}; they get it at their next sign-in`
            : `${ROLE} is revoked from ${who}, but their sessions could not be ended${cause}; run the command again`,
          { cause: error },
        );
      });
    io.out(
      held
        ? `${ROLE} granted to ${who}; their sessions have ended, so their next sign-in carries it`
        : result.changed
          ? `${ROLE} revoked from ${who}; their sessions have ended`
          : `${who} does not hold ${ROLE}; their sessions have ended all the same`,
    );
    return 0;
  } catch (error) {
    io.err(`admin: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    redis?.disconnect();
    await mongoose.disconnect();
  }
}
