import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { Bus } from './connect-bus';
import { archivedUpTo } from './archive-progress';
import { ARCHIVE_STREAM_NAME } from './names';

/** The stream of messages terminated because they can never succeed (DESIGN §5), one subject per original subject. */
export const DEAD_LETTER_STREAM = 'DEAD_LETTERS';

/** `dead.<subject>`: where a message of `subject` goes when it is terminated. */
export function deadLetterSubject(subject: string): string {
  return `dead.${subject}`;
}

/** What a dead letter holds: the message as it arrived, and why it can never succeed. */
export interface DeadLetter {
  subject: string;
  /** The durable consumer (service) that gave up on it. */
  durable: string;
  /** The message's sequence in the TICKETING stream, and so in its archive: what a replay publishes again. */
  streamSequence: number;
  deliveryCount: number;
  error: string;
  deadAt: string;
  /** The payload as it arrived: the parsed JSON, or the raw text when it is not JSON. */
  payload: unknown;
}

/**
 * Copies a message that can never succeed to `dead.<subject>` and only then terminates it, so that nothing is
 * terminated silently: if the copy cannot be stored (the bus is down), the message is redelivered instead. The
 * Nats-Msg-Id is the durable and the stream sequence, so a copy retried after a crash is stored once.
 */
export async function deadLetter(
  bus: Bus,
  msg: JsMsg,
  durable: string,
  error: string,
  payload: unknown,
): Promise<void> {
  const letter: DeadLetter = {
    subject: msg.subject,
    durable,
    streamSequence: msg.info.streamSequence,
    deliveryCount: msg.info.deliveryCount,
    error,
    deadAt: new Date().toISOString(),
    payload,
  };
  // The original first, then its letter: a letter listed is one whose replay can find what it names.
  // A message terminated before the archive copied it would be gone, and its letter could never be replayed.
  if (!(await archivedUpTo(bus.jsm, msg.info.streamSequence, { timeoutMs: ARCHIVE_WAIT_MS })))
    throw new Error(`message #${msg.info.streamSequence} is not in ${ARCHIVE_STREAM_NAME} yet`);
  await bus.js.publish(deadLetterSubject(msg.subject), JSON.stringify(letter), {
    msgID: `${durable}:${msg.info.streamSequence}`,
    timeout: 5_000,
  });
  msg.term(error.slice(0, 200));
}

/** How long a dead letter waits for the archive to hold its original before the message is redelivered instead. */
const ARCHIVE_WAIT_MS = 10_000;

/** A dead letter as stored: its sequence in the dead letters' stream (its id for `--replay`) and the subject it is on. */
export interface StoredDeadLetter extends DeadLetter {
  seq: number;
  /** The subject the letter was stored on (`dead.<subject>`): what its publisher was allowed to publish. */
  storedOn: string;
}

/**
 * Every dead letter kept (at most `limit`, oldest first), read by sequence: they are few, and a replayed one is
 * deleted, which leaves gaps that are skipped. A letter that is not a JSON object is skipped too.
 */
export async function readDeadLetters(jsm: JetStreamManager, limit = 1_000): Promise<StoredDeadLetter[]> {
  const { state } = await jsm.streams.info(DEAD_LETTER_STREAM);
  const letters: StoredDeadLetter[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && letters.length < limit; seq++) {
    const msg = await jsm.streams.getMessage(DEAD_LETTER_STREAM, { seq }).catch(() => null);
    if (!msg) continue;
    const letter = parsedOrText(msg.string());
    if (typeof letter === 'object' && letter !== null)
      letters.push({ ...(letter as DeadLetter), seq, storedOn: msg.subject });
  }
  return letters;
}

/** What a replay did: the original published again, or nothing, and why. */
export type ReplayOutcome = { replayed: true; subject: string; seq: number } | { replayed: false; reason: string };

/**
 * Publishes a dead letter's original message again: the message read from the archive (TICKETING_ARCHIVE, a mirror
 * that keeps TICKETING's sequences) at the letter's `streamSequence`, with its own subject and payload, never the
 * letter's copy, which whoever may publish `dead.<subject>` could have written (DESIGN §16). A letter that does not
 * match its original (another subject, another payload, stored on another dead-letter subject) or whose sequence
 * names no archived message replays nothing and is kept, for the operator to look at. A replayed letter is deleted.
 * The original keeps its event id inside (consumers are idempotent by version), but is published under a new
 * Nats-Msg-Id, so that JetStream does not drop it as a duplicate of the original.
 */
export async function replayDeadLetter(
  js: JetStreamClient,
  jsm: JetStreamManager,
  letter: StoredDeadLetter,
): Promise<ReplayOutcome> {
  const original =
    Number.isSafeInteger(letter.streamSequence) && letter.streamSequence > 0
      ? await jsm.streams.getMessage(ARCHIVE_STREAM_NAME, { seq: letter.streamSequence }).catch(() => null)
      : null;
  if (!original)
    return { replayed: false, reason: `no message #${String(letter.streamSequence)} in ${ARCHIVE_STREAM_NAME}` };
  if (original.subject !== letter.subject || letter.storedOn !== deadLetterSubject(original.subject))
    return {
      replayed: false,
      reason: `the letter (${String(letter.subject)}, on ${letter.storedOn}) does not match message #${original.seq} (${original.subject})`,
    };
  if (JSON.stringify(parsedOrText(original.string())) !== JSON.stringify(letter.payload))
    return { replayed: false, reason: `the letter's payload differs from message #${original.seq}'s` };
  const ack = await js.publish(original.subject, original.data, {
    msgID: `replay:${letter.durable}:${original.seq}:${letter.seq}`,
  });
  await jsm.streams.deleteMessage(DEAD_LETTER_STREAM, letter.seq);
  return { replayed: true, subject: original.subject, seq: ack.seq };
}

/** A message's payload as a dead letter records it: the parsed JSON, or the raw text when it is not JSON. */
function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
