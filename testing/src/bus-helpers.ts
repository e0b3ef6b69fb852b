import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { ConsumerConfig, PubAck } from '@nats-io/jetstream';
import { TimeoutError } from '@nats-io/nats-core';
import {
  ARCHIVE_STREAM_NAME,
  archivedUpTo,
  connectBus,
  createLogger,
  DEFAULT_STREAM_SETTINGS,
  drainBus,
  ensureStreams,
  publishEnvelope,
  STREAM_NAME,
  type Bus,
  type EventContract,
  type EventData,
  type EventEnvelope,
  type StreamSettings,
  type StreamsReport,
} from '@ticketing/common';
import { streamConsumers } from '@ticketing/local';
import { testBusLogin } from './bus-credentials';
import { eventually } from './eventually';

/**
 * A bus connection for a test, as the pseudo-service `test` (it consumes nothing through durables), logged in as the
 * unrestricted `testkit` user, so that it can publish any service's events. It changes no stream: the test kit's
 * servers get theirs when they start ({@link makeTestStreams}).
 */
export function connectTestBus(url: string): Promise<Bus> {
  return connectBus({
    url,
    credentials: testBusLogin('testkit'),
    service: 'test',
    log: createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
}

/**
 * Makes the streams and every service's durable on a test server as deployment does (common's ensureStreams, the
 * consumers of infra/local's route table), with the default settings unless `settings` names others (a small byte
 * limit, a cluster's copies). Run again with other settings, it updates them in place.
 */
export async function makeTestStreams(url: string, settings: Partial<StreamSettings> = {}): Promise<StreamsReport> {
  const bus = await connectTestBus(url);
  try {
    return await ensureStreams(bus.jsm, { ...DEFAULT_STREAM_SETTINGS, ...settings }, streamConsumers());
  } finally {
    await drainBus(bus);
  }
}

/** Publishes an event through the real bus, as another service would. Returns the envelope and the PubAck. */
export async function publishEvent<C extends EventContract>(
  bus: Bus,
  contract: C,
  data: Parameters<C['create']>[0],
  options?: { id?: string },
): Promise<{ envelope: EventEnvelope<EventData<C>>; ack: PubAck }> {
  const envelope = contract.create(data, options) as EventEnvelope<EventData<C>>;
  const ack = await publishEnvelope(bus, envelope);
  return { envelope, ack };
}

/**
 * Every event stored on the contract's subject so far, read from the history (TICKETING_ARCHIVE: TICKETING forgets
 * what every durable has acked, and keeps nothing of a subject no durable reads). The archive copies within
 * milliseconds; {@link nextEvent} polls it. A mirror of an interest-retention stream is not one of its consumers
 * (nats-server 2.11; ADR-60 makes it one later): while the mirror lags (its origin's leader died), what every durable
 * acked meanwhile never reaches the archive. A test that must see every message published during such a fault
 * reads them with {@link auditStream} instead.
 */
export async function eventsInStream<C extends EventContract>(
  bus: Bus,
  contract: C,
  predicate: (data: EventData<C>, envelope: EventEnvelope<EventData<C>>) => boolean = () => true,
): Promise<Array<EventEnvelope<EventData<C>>>> {
  // Best effort (3 s): what TICKETING dropped before the mirror saw it (no durable wanted it) is never archived.
  await archivedUpTo(bus.jsm, (await bus.jsm.streams.info(STREAM_NAME)).state.last_seq, { timeoutMs: 3_000 });
  const info = await bus.jsm.streams.info(ARCHIVE_STREAM_NAME, { subjects_filter: contract.subject });
  const total = info.state.subjects?.[contract.subject] ?? 0;
  if (total === 0) return [];
  // An ephemeral consumer with a single filter_subject: `filter_subjects` and ordered consumers need NATS 2.10,
  // and Debian's nats-server is 2.9.
  const name = await addReadConsumer(bus, ARCHIVE_STREAM_NAME, {
    filter_subject: contract.subject,
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.None,
    inactive_threshold: 30_000_000_000,
  });
  try {
    return await readConsumer(bus, ARCHIVE_STREAM_NAME, name, total, contract, predicate);
  } finally {
    await bus.jsm.consumers.delete(ARCHIVE_STREAM_NAME, name).catch(() => undefined);
  }
}

/** Reads up to `total` messages of a consumer with AckPolicy None, keeping the contract's events that match. */
async function readConsumer<C extends EventContract>(
  bus: Bus,
  stream: string,
  name: string,
  total: number,
  contract: C,
  predicate: (data: EventData<C>, envelope: EventEnvelope<EventData<C>>) => boolean,
): Promise<Array<EventEnvelope<EventData<C>>>> {
  const found: Array<EventEnvelope<EventData<C>>> = [];
  const consumer = await bus.js.consumers.get(stream, name);
  let seen = 0;
  while (seen < total) {
    const batch = await consumer.fetch({ max_messages: Math.min(total - seen, 500), expires: 2_000 });
    let inBatch = 0;
    for await (const msg of batch) {
      inBatch++;
      seen++;
      let envelope: EventEnvelope<EventData<C>>;
      try {
        envelope = contract.parse(msg.json()) as EventEnvelope<EventData<C>>;
      } catch {
        continue; // an invalid message some test published on purpose; not an event of this contract
      }
      if (predicate(envelope.data, envelope)) found.push(envelope);
    }
    if (inBatch === 0) break;
  }
  return found;
}

/** An audit of TICKETING itself: see {@link auditStream}. */
export interface StreamAudit {
  /** Every event of `contract` stored in TICKETING since the audit began (each read once per audit). */
  events<C extends EventContract>(
    contract: C,
    predicate?: (data: EventData<C>, envelope: EventEnvelope<EventData<C>>) => boolean,
  ): Promise<Array<EventEnvelope<EventData<C>>>>;
  /** Deletes the audit's consumers, which let TICKETING forget what they held. */
  stop(): Promise<void>;
}

/**
 * Begins an audit of what TICKETING stores on the contracts' subjects from now on: one durable consumer per subject,
 * which nobody reads until {@link StreamAudit.events}, so interest retention keeps every message for it, whatever
 * the archive's mirror saw. For fault tests (a stream leader killed), where the archive may lag; a test deletes its
 * audit at the end ({@link StreamAudit.stop}).
 */
export async function auditStream(bus: Bus, contracts: readonly EventContract[]): Promise<StreamAudit> {
  const names = new Map<string, string>();
  for (const contract of contracts) {
    const name = await addReadConsumer(bus, STREAM_NAME, {
      durable_name: `audit-${contract.subject.replace(/[^A-Za-z0-9-]/g, '-')}`,
      filter_subject: contract.subject,
      deliver_policy: DeliverPolicy.New,
      ack_policy: AckPolicy.None,
    });
    names.set(contract.subject, name);
  }
  return {
    async events(contract, predicate = () => true) {
      const name = names.get(contract.subject);
      if (name === undefined) throw new Error(`the audit was not begun for ${contract.subject}`);
      const info = await bus.jsm.consumers.info(STREAM_NAME, name);
      return readConsumer(bus, STREAM_NAME, name, info.num_pending, contract, predicate);
    },
    async stop() {
      for (const name of names.values()) await bus.jsm.consumers.delete(STREAM_NAME, name).catch(() => undefined);
    },
  };
}

async function addReadConsumer(bus: Bus, stream: string, config: Partial<ConsumerConfig>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await bus.jsm.consumers.add(stream, config)).name;
    } catch (error) {
      if (!(error instanceof TimeoutError) || attempt >= 8) throw error;
    }
  }
}

/**
 * Waits until an event matching `predicate` is in the stream (published by the service under test) and returns it.
 * Reads from the stream's start, so an event published before the call is found too.
 */
export async function nextEvent<C extends EventContract>(
  bus: Bus,
  contract: C,
  predicate: (data: EventData<C>) => boolean,
  timeoutMs = 10_000,
): Promise<EventEnvelope<EventData<C>>> {
  return eventually(
    async () => (await eventsInStream(bus, contract, (d) => predicate(d)))[0],
    `${contract.name} matching the predicate`,
    { timeoutMs, intervalMs: 100 },
  );
}

/**
 * Waits until a durable has nothing pending and nothing awaiting ack: the way a test asserts that an event was
 * handled (or that nothing else will happen) without sleeping.
 */
export async function settled(bus: Bus, durable: string, timeoutMs = 10_000): Promise<void> {
  await eventually(
    async () => {
      const info = await bus.jsm.consumers.info(STREAM_NAME, durable);
      if (process.env.DEBUG_SETTLED)
        process.stderr.write(`${durable}: pending ${info.num_pending} ack_pending ${info.num_ack_pending}\n`);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    },
    `consumer ${durable} settled`,
    { timeoutMs, intervalMs: 50 },
  );
}
