import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { DEAD_LETTER_STREAM, readDeadLetters, replayDeadLetter, type StoredDeadLetter } from '@ticketing/common';
import { connectForCommand, type CommandIo } from './command-io';

const USAGE = `usage: npm run dead-letters [-- --replay <id|all>] [--nats <url>] [--json]

Lists the messages a service terminated because they can never succeed (stream ${DEAD_LETTER_STREAM}, subjects
dead.<subject>): id, when, subject, which service gave up, the error, and the payload. --replay publishes the
original message again on its subject (consumers are idempotent by version) and removes the dead letter. Finds NATS
through --nats, NATS_URL, $DATA_DIR/engines.json (written by npm start), or nats://127.0.0.1:4222.`;

function formatLetters(letters: readonly StoredDeadLetter[]): string {
  if (letters.length === 0) return 'no dead letters\n';
  return `${letters
    .map(
      (l) =>
        `#${l.seq}  ${l.deadAt}  ${l.subject}  ${l.durable} (delivery ${l.deliveryCount})\n    error: ${l.error}\n    payload: ${JSON.stringify(l.payload)}`,
    )
    .join('\n')}\n`;
}

/** `npm run dead-letters`: parses `argv` (without node and the script), prints, and returns the exit code. */
export async function runDeadLettersCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let replay: string | undefined;
  let natsFlag: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      io.out(`${USAGE}\n`);
      return 0;
    } else if (arg === '--json') json = true;
    else if (arg === '--replay' && argv[i + 1]) replay = argv[++i];
    else if (arg === '--nats' && argv[i + 1]) natsFlag = argv[++i];
    else {
      io.err(`unexpected argument: ${arg}\n${USAGE}\n`);
      return 2;
    }
  }
  if (replay !== undefined && replay !== 'all' && !/^\d+$/.test(replay)) {
    io.err(`--replay takes a dead letter's id (a number) or "all"\n`);
    return 2;
  }

  const nc = await connectForCommand(natsFlag, io, 'ticketing-dead-letters');
  if (!nc) return 1;
  try {
    const jsm = await jetstreamManager(nc);
    const letters = await readDeadLetters(jsm).catch((error: unknown) => {
      if (/not found/i.test(String(error))) return [];
      throw error;
    });
    if (replay === undefined) {
      io.out(json ? `${JSON.stringify(letters, null, 2)}\n` : formatLetters(letters));
      return 0;
    }
    const chosen = replay === 'all' ? letters : letters.filter((l) => String(l.seq) === replay);
    if (chosen.length === 0 && replay !== 'all') {
      io.err(`no dead letter #${replay}\n`);
      return 1;
    }
    const js = jetstream(nc);
    for (const letter of chosen) {
      await replayDeadLetter(js, jsm, letter);
      io.out(`replayed #${letter.seq} on ${letter.subject}\n`);
    }
    if (chosen.length === 0) io.out('no dead letters\n');
    return 0;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await nc.close();
  }
}
