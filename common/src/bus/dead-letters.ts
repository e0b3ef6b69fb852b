import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { Bus } from './connect-bus';

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
  /** The message's sequence in the TICKETING stream. */
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
  await bus.js.publish(deadLetterSubject(msg.subject), JSON.stringify(letter), {
    msgID: `${durable}:${msg.info.streamSequence}`,
    timeout: 5_000,
  });
  msg.term(error.slice(0, 200));
}

/** A dead letter as stored, with its sequence in the dead letters' stream (its id for `--replay`). */
export interface StoredDeadLetter extends DeadLetter {
  seq: number;
}

/**
 * Every dead letter kept (at most `limit`, oldest first), read by sequence: they are few, and a replayed one is
 * deleted, which leaves gaps that are skipped.
 */
export async function readDeadLetters(jsm: JetStreamManager, limit = 1_000): Promise<StoredDeadLetter[]> {
  const { state } = await jsm.streams.info(DEAD_LETTER_STREAM);
  const letters: StoredDeadLetter[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && letters.length < limit; seq++) {
    const msg = await jsm.streams.getMessage(DEAD_LETTER_STREAM, { seq }).catch(() => null);
    if (msg) letters.push({ ...(msg.json() as DeadLetter), seq });
  }
  return letters;
}

/**
 * Publishes a dead letter's original message again on its subject, then deletes the dead letter. The message keeps
 * its event id inside (consumers are idempotent by version), but is published under a new Nats-Msg-Id, so that
 * JetStream does not drop it as a duplicate of the original.
 */
export async function replayDeadLetter(
  js: JetStreamClient,
  jsm: JetStreamManager,
  letter: StoredDeadLetter,
): Promise<void> {
  const body = typeof letter.payload === 'string' ? letter.payload : JSON.stringify(letter.payload);
  await js.publish(letter.subject, body, { msgID: `replay:${letter.durable}:${letter.streamSequence}:${letter.seq}` });
  await jsm.streams.deleteMessage(DEAD_LETTER_STREAM, letter.seq);
}
