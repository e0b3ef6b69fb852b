import { OUTBOX_RELAY_COMMENT } from '@ticketing/common';
import mongoose from 'mongoose';

/** One command the driver sent: its name and the collection it named (`insert orders`, `find tickets`). */
export type DatabaseCommand = string;

interface StartedCommand {
  commandName: string;
  command: Record<string, unknown>;
}

/**
 * The outbox relay's commands (its `$pull` of an event it has published, its read of what is left, its delete of the
 * pending marker): they run after the change, beside the request, and the answer never waits for them, so they are
 * not the request's round trips. The relay names itself in each command's `comment`.
 */
function isOutboxRelay(event: StartedCommand): boolean {
  return event.command.comment === OUTBOX_RELAY_COMMENT;
}

/**
 * Runs `fn` and lists the database commands this process's mongoose connection sent meanwhile (through the driver's
 * command monitoring, which startTestService turns on), except the outbox relay's. For tests that count a
 * route's round trips (DESIGN §6).
 */
export async function recordDatabaseCommands<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; commands: DatabaseCommand[] }> {
  const client = mongoose.connection.getClient();
  const commands: DatabaseCommand[] = [];
  const onStarted = (event: StartedCommand): void => {
    if (isOutboxRelay(event)) return;
    commands.push(`${event.commandName} ${String(event.command[event.commandName])}`);
  };
  if (!client.options.monitorCommands)
    throw new Error('command monitoring is off: start the service with startTestService');
  client.on('commandStarted', onStarted);
  try {
    return { result: await fn(), commands };
  } finally {
    client.off('commandStarted', onStarted);
  }
}
