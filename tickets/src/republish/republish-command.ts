import { runRepublishCommand as runCommand, type RepublishIo } from '@ticketing/common';
import { republishEvents } from './republish-events';

export const USAGE = `usage: npm run republish -- events

Publishes every scheduled event as EventCreated (DESIGN §16), for a consumer added after the events were made
(queue's waiting rooms, DESIGN §13). Idempotent on the consumers: running it again changes nothing there.

Environment: MONGO_URI (tickets' database), NATS_URL, NATS_USER and NATS_PASSWORD (a user allowed to publish
event.created: tickets' own, or the operator's).
Exit codes: 0 done, 1 failed (a store or the bus unreachable), 2 bad arguments or environment.`;

/** `npm run republish -- events` (tickets/dist/republish-cli.js): see {@link USAGE}. Returns the exit code. */
export function runRepublishCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: RepublishIo): Promise<number> {
  return runCommand(
    {
      what: 'events',
      service: 'tickets',
      usage: USAGE,
      republish: republishEvents,
      done: (count) => `${count} event${count === 1 ? '' : 's'} as EventCreated`,
    },
    argv,
    env,
    io,
  );
}
