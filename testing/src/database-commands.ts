import mongoose from 'mongoose';

/** One command the driver sent: its name and the collection it named (`insert orders`, `find tickets`). */
export type DatabaseCommand = string;

interface StartedCommand {
  commandName: string;
  command: Record<string, unknown>;
}

/**
 * The outbox relay's `$pull` of an event it has published: it runs after the change, beside the request, and the
 * answer never waits for it, so it is not one of the request's round trips.
 */
function isOutboxPull(event: StartedCommand): boolean {
  if (event.commandName !== 'update') return false;
  const updates = event.command.updates as Array<{ u?: Record<string, unknown> }> | undefined;
  return updates?.every((update) => update.u !== undefined && '$pull' in update.u) ?? false;
}

/**
 * Runs `fn` and lists the database commands this process's mongoose connection sent meanwhile (through the driver's
 * command monitoring, which startTestService turns on), except the relay's outbox pulls. For tests that count a
 * route's round trips (DESIGN §6).
 */
export async function recordDatabaseCommands<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; commands: DatabaseCommand[] }> {
  const client = mongoose.connection.getClient();
  const commands: DatabaseCommand[] = [];
  const onStarted = (event: StartedCommand): void => {
    if (isOutboxPull(event)) return;
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
