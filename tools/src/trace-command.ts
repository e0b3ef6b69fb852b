import type { CommandIo } from './command-io';
import { parseNatsCommandArgs, runOnNats } from './nats-command';
import { formatTrace, traceOrder } from './trace';

const USAGE = `usage: npm run trace -- <orderId> [--nats <url>] [--json]

Prints the events one order caused across the services, in stream order (the history, stream TICKETING_ARCHIVE): stored
time, subject, event id, data, and which services' durable consumers have handled each. Finds NATS through --nats, NATS_URL,
$DATA_DIR/engines.json (written by npm start), or nats://127.0.0.1:4222.`;

export type { CommandIo } from './command-io';

/** `npm run trace`: parses `argv` (without node and the script), prints, and returns the exit code. */
export async function runTraceCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let orderId: string | undefined;
  const flags = parseNatsCommandArgs(argv, USAGE, io, (arg, _next, parsed) => {
    if (arg.startsWith('--nats=')) parsed.natsFlag = arg.slice('--nats='.length);
    else if (!arg.startsWith('-') && !orderId) orderId = arg;
    else return 0;
    return 1;
  });
  if ('exitCode' in flags) return flags.exitCode;
  if (!orderId) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const id = orderId;
  return runOnNats(flags.natsFlag, io, 'ticketing-trace', async (nc) => {
    const events = await traceOrder(nc, id);
    io.out(flags.json ? `${JSON.stringify(events, null, 2)}\n` : formatTrace(id, events));
    return events.length > 0 ? 0 : 1;
  });
}
