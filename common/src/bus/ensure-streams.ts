import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { allEvents } from '../events/catalogue';
import { archivedUpTo } from './archive-progress';
import { DEAD_LETTER_STREAM } from './dead-letters';
import { durableConfig, LISTENER_DEFAULTS } from './listener';
import { ARCHIVE_STREAM_NAME, durableName, STREAM_NAME } from './names';
import type { StreamSettings } from './stream-settings';

/** Which subjects each service consumes: the services' durables, one per (service, subject). */
export type StreamConsumers = Readonly<Record<string, readonly string[]>>;

/** What {@link ensureStreams} did to each stream, and the durables it had to create. */
export interface StreamsReport {
  streams: Record<string, 'created' | 'updated' | 'unchanged'>;
  createdDurables: string[];
}

const NANOS_PER_MS = 1_000_000;

/** A stream's settings as deployment wants them: a name, and what is set (the rest stays as it is, or the default). */
export type StreamWanted = Partial<StreamConfig> & { name: string };

/**
 * TICKETING (DESIGN §16): every subject of the catalogue; interest retention, so a message stays until every durable
 * bound to its subject has acked it; discard new at its byte limit, so a full stream refuses a publish (the outbox
 * keeps the event) rather than drop one a consumer still needs; no age limit, for the same reason.
 */
export function deliveryStreamConfig(settings: StreamSettings, subjects: readonly string[]): StreamWanted {
  return {
    name: STREAM_NAME,
    subjects: [...subjects],
    retention: RetentionPolicy.Interest,
    discard: DiscardPolicy.New,
    max_age: 0,
    max_bytes: settings.maxBytes,
    storage: StorageType.File,
    num_replicas: settings.replicas,
    duplicate_window: settings.duplicateWindowMs * NANOS_PER_MS,
  };
}

/**
 * TICKETING_ARCHIVE: the history, limits retention. A mirror rather than a multi-source stream: a mirror keeps the
 * origin's sequence numbers, so a dead letter's `streamSequence` names its original here too (DESIGN §16).
 */
export function archiveStreamConfig(settings: StreamSettings): StreamWanted {
  return {
    name: ARCHIVE_STREAM_NAME,
    mirror: { name: STREAM_NAME },
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: settings.archiveMaxAgeSeconds * 1_000 * NANOS_PER_MS,
    max_bytes: settings.archiveMaxBytes,
    storage: StorageType.File,
    num_replicas: settings.replicas,
  };
}

/** DEAD_LETTERS (`dead.>`): what can never succeed, kept 30 days for `npm run dead-letters` to list and replay. */
export function deadLetterStreamConfig(settings: StreamSettings): StreamWanted {
  return {
    name: DEAD_LETTER_STREAM,
    subjects: ['dead.>'],
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: 30 * 24 * 3600 * 1_000 * NANOS_PER_MS,
    storage: StorageType.File,
    num_replicas: settings.replicas,
    duplicate_window: settings.duplicateWindowMs * NANOS_PER_MS,
  };
}

/**
 * Creates or updates the three streams and every service's durable: what deployment does before any service starts
 * (`npm start`, the Kubernetes Job `streams`, the test kit), since services hold no right to do it (DESIGN §16).
 *
 * The durables are created here, not only by each service at its boot, because of interest retention: a message
 * published while no durable is bound to its subject is deleted at once, so tickets' first TicketCreated would be
 * lost to orders if orders had not started yet. A durable that exists is left as its service last set it.
 *
 * A stream made by an earlier version (limits retention, discard old, an age limit) is updated in place: NATS 2.11
 * allows changing limits to interest retention, and keeps the messages bound durables still need. The archive is made
 * and caught up first, and the durables next, so that the update deletes nothing that is neither archived nor needed.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  settings: StreamSettings,
  consumers: StreamConsumers,
): Promise<StreamsReport> {
  const report: StreamsReport = { streams: {}, createdDurables: [] };
  const catalogue = allEvents.map((e) => e.subject);
  const existing = await streamConfig(jsm, STREAM_NAME);
  const subjects = [...new Set([...(existing?.subjects ?? []), ...catalogue])];
  const delivery = deliveryStreamConfig(settings, subjects);

  if (!existing) report.streams[STREAM_NAME] = await ensureStream(jsm, delivery);
  report.streams[ARCHIVE_STREAM_NAME] = await ensureStream(jsm, archiveStreamConfig(settings));
  await archiveCaughtUp(jsm);
  for (const [service, consumed] of Object.entries(consumers)) {
    for (const subject of consumed) {
      if (await ensureDurable(jsm, service, subject)) report.createdDurables.push(durableName(service, subject));
    }
  }
  if (existing) report.streams[STREAM_NAME] = await ensureStream(jsm, delivery);
  report.streams[DEAD_LETTER_STREAM] = await ensureStream(jsm, deadLetterStreamConfig(settings));
  return report;
}

async function streamConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Creates `wanted`, or updates the stream when one of `wanted`'s settings differs. */
async function ensureStream(jsm: JetStreamManager, wanted: StreamWanted): Promise<'created' | 'updated' | 'unchanged'> {
  const name = wanted.name;
  const current = await streamConfig(jsm, name);
  if (!current) {
    await jsm.streams.add(wanted);
    return 'created';
  }
  const differs = (Object.keys(wanted) as Array<keyof StreamConfig>).some(
    (key) => JSON.stringify(current[key]) !== JSON.stringify(wanted[key]),
  );
  if (!differs) return 'unchanged';
  await jsm.streams.update(name, { ...current, ...wanted });
  return 'updated';
}

/**
 * Waits (at most 30 s) until the archive's mirror is connected and has copied everything TICKETING holds. Without the
 * first condition a fresh pair of streams passes at once (both empty), and what the services publish, consume and ack
 * before the mirror connects never reaches the history (seen on a cold CI machine).
 */
async function archiveCaughtUp(jsm: JetStreamManager): Promise<void> {
  const { state } = await jsm.streams.info(STREAM_NAME);
  if (!(await archivedUpTo(jsm, state.last_seq, { timeoutMs: 30_000, connected: true })))
    throw new Error(`${ARCHIVE_STREAM_NAME} does not catch up with ${STREAM_NAME} (#${state.last_seq})`);
}

/** Creates the durable of `service` on `subject` with the listeners' settings, unless it exists. True if created. */
async function ensureDurable(jsm: JetStreamManager, service: string, subject: string): Promise<boolean> {
  const durable = durableName(service, subject);
  try {
    await jsm.consumers.info(STREAM_NAME, durable);
    return false;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await jsm.consumers.add(STREAM_NAME, durableConfig(durable, subject, LISTENER_DEFAULTS.ackWaitMs));
  return true;
}

export function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error));
}
