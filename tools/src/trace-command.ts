import { connectForCommand, type CommandIo } from './command-io';
import { formatTrace, traceOrder } from './trace';

const USAGE = `usage: npm run trace -- <orderId> [--nats <url>] [--json]

Prints the events one order caused across the services, in stream order (stream TICKETING): stored time, subject,
event id, data, and which services' durable consumers have handled each. Finds NATS through --nats, NATS_URL,
$DATA_DIR/engines.json (written by npm start), or nats://127.0.0.1:4222.`;

export type { CommandIo } from './command-io';

/** `npm run trace`: parses `argv` (without node and the script), prints, and returns the exit code. */
export async function runTraceCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let orderId: string | undefined;
  let natsFlag: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      io.out(`${USAGE}\n`);
      return 0;
    } else if (arg === '--json') json = true;
    else if (arg === '--nats' && argv[i + 1]) natsFlag = argv[++i];
    else if (arg.startsWith('--nats=')) natsFlag = arg.slice('--nats='.length);
    else if (!arg.startsWith('-') && !orderId) orderId = arg;
    else {
      io.err(`unexpected argument: ${arg}\n${USAGE}\n`);
      return 2;
    }
  }
  if (!orderId) {
    io.err(`${USAGE}\n`);
    return 2;
  }

  const nc = await connectForCommand(natsFlag, io, 'ticketing-trace');
  if (!nc) return 1;
  try {
    const events = await traceOrder(nc, orderId);
    io.out(json ? `${JSON.stringify(events, null, 2)}\n` : formatTrace(orderId, events));
    return events.length > 0 ? 0 : 1;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await nc.close();
  }
}
