import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  ARCHIVE_STREAM_NAME,
  DEAD_LETTER_STREAM,
  readDeadLetters,
  replayDeadLetter,
  type StoredDeadLetter,
} from '@ticketing/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { CommandIo } from './command-io';
import { parseNatsCommandArgs, runOnNats } from './nats-command';

const USAGE = `usage: npm run dead-letters [-- --replay <id|all>] [--nats <url>] [--json]

Lists the messages a service terminated because they can never succeed (stream ${DEAD_LETTER_STREAM}, subjects
dead.<subject>): id, when, subject, which service gave up, the error, and the payload. --replay publishes the
original message again, read from the archive (${ARCHIVE_STREAM_NAME}) by the letter's stream sequence, never the
letter's copy (consumers are idempotent by version), and removes the dead letter; a letter that does not match its
original (subject, payload) or names no archived message replays nothing (exit code 1). Finds NATS
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
  const flags = parseNatsCommandArgs(argv, USAGE, io, (arg, next) => {
    if (arg !== '--replay' || !next) return 0;
    replay = next;
    return 2;
  });
  if ('exitCode' in flags) return flags.exitCode;
  if (replay !== undefined && replay !== 'all' && !/^\d+$/.test(replay)) {
    io.err(`--replay takes a dead letter's id (a number) or "all"\n`);
    return 2;
  }
  return runOnNats(flags.natsFlag, io, 'ticketing-dead-letters', (nc) => listOrReplay(nc, replay, flags.json, io));
}

async function listOrReplay(
  nc: NatsConnection,
  replay: string | undefined,
  json: boolean,
  io: CommandIo,
): Promise<number> {
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
  let refused = 0;
  for (const letter of chosen) {
    const outcome = await replayDeadLetter(js, jsm, letter);
    if (outcome.replayed) {
      io.out(`replayed #${letter.seq} on ${outcome.subject}\n`);
    } else {
      refused++;
      io.err(`not replayed #${letter.seq}: ${outcome.reason}\n`);
    }
  }
  if (chosen.length === 0) io.out('no dead letters\n');
  return refused > 0 ? 1 : 0;
}
