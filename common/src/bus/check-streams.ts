import { RetentionPolicy, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { DEAD_LETTER_STREAM, deadLetterSubject } from './dead-letters';
import { isNotFound } from './ensure-streams';
import { STREAM_NAME } from './names';

/** What deployment runs to create or update the streams: named in every refusal, so the fix is one command away. */
export const STREAMS_COMMAND = '`npm run streams` (what `npm start` runs; in Kubernetes, the Job `streams`)';

/** A stream a service needs is missing or is not what deployment makes: the service refuses to start. */
export class StreamNotReadyError extends Error {
  override readonly name = 'StreamNotReadyError';
}

/** The subjects a service uses: what it publishes, and what it consumes (it dead-letters those). */
export interface StreamNeeds {
  publishes: readonly string[];
  consumes: readonly string[];
}

/**
 * Checks, at a service's boot, the streams deployment made (DESIGN §16): TICKETING exists with interest retention and
 * every subject the service publishes or consumes, and DEAD_LETTERS takes the dead letters of what it consumes.
 * A service holds no right to create or update a stream, so it refuses to start rather than run on a stream that
 * would drop its events: a stream made by an earlier version (limits retention, discard old) is refused too.
 * @throws StreamNotReadyError naming what is wrong and {@link STREAMS_COMMAND}.
 */
export async function checkStreamsFor(jsm: JetStreamManager, needs: StreamNeeds): Promise<void> {
  const delivery = await configOf(jsm, STREAM_NAME);
  if (delivery.retention !== RetentionPolicy.Interest)
    refuse(`stream ${STREAM_NAME} has ${delivery.retention} retention (made by an earlier version), not interest`);
  const missing = [...needs.publishes, ...needs.consumes].filter((subject) => !delivery.subjects.includes(subject));
  if (missing.length > 0) refuse(`stream ${STREAM_NAME} lacks the subject(s) ${[...new Set(missing)].join(', ')}`);
  if (needs.consumes.length === 0) return;
  const dead = await configOf(jsm, DEAD_LETTER_STREAM);
  const takesDead = (subject: string) =>
    dead.subjects.some((pattern) => pattern === 'dead.>' || pattern === deadLetterSubject(subject));
  const noDead = needs.consumes.filter((subject) => !takesDead(subject));
  if (noDead.length > 0) refuse(`stream ${DEAD_LETTER_STREAM} takes no dead letters of ${noDead.join(', ')}`);
}

async function configOf(jsm: JetStreamManager, stream: string): Promise<StreamConfig> {
  try {
    return (await jsm.streams.info(stream)).config;
  } catch (error) {
    if (isNotFound(error)) refuse(`stream ${stream} does not exist`);
    throw error;
  }
}

function refuse(problem: string): never {
  throw new StreamNotReadyError(
    `${problem}: the streams are created and updated by deployment; run ${STREAMS_COMMAND}`,
  );
}
