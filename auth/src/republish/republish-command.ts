import { runRepublishCommand as runCommand, type RepublishIo } from '@ticketing/common';
import { republishUsers } from './republish-users';

export const USAGE = `usage: npm run republish -- users

Publishes every account as UserCreated (DESIGN §16), for a consumer added after the accounts were made (orders'
users replica, DESIGN §12). Idempotent on the replicas: running it again changes nothing there.

Environment: MONGO_URI (auth's database), NATS_URL, NATS_USER and NATS_PASSWORD (a user allowed to publish
user.created: auth's own, or the operator's).
Exit codes: 0 done, 1 failed (a store or the bus unreachable), 2 bad arguments or environment.`;

/** `npm run republish -- users` (auth/dist/republish-cli.js): see {@link USAGE}. Returns the exit code; never throws. */
export function runRepublishCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: RepublishIo): Promise<number> {
  return runCommand(
    {
      what: 'users',
      service: 'auth',
      usage: USAGE,
      republish: republishUsers,
      done: (count) => `${count} account${count === 1 ? '' : 's'} as UserCreated`,
    },
    argv,
    env,
    io,
  );
}
