import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { ConsumerConfig, PubAck } from '@nats-io/jetstream';
import { TimeoutError } from '@nats-io/nats-core';
import {
  ARCHIVE_STREAM_NAME,
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
 * milliseconds; {@link nextEvent} polls it.
 */
export async function eventsInStream<C extends EventContract>(
  bus: Bus,
  contract: C,
  predicate: (data: EventData<C>, envelope: EventEnvelope<EventData<C>>) => boolean = () => true,
): Promise<Array<EventEnvelope<EventData<C>>>> {
  const info = await bus.jsm.streams.info(ARCHIVE_STREAM_NAME, { subjects_filter: contract.subject });
  const total = info.state.subjects?.[contract.subject] ?? 0;
  const found: Array<EventEnvelope<EventData<C>>> = [];
  if (total === 0) return found;
  // An ephemeral consumer with a single filter_subject: `filter_subjects` and ordered consumers need NATS 2.10,
  // and Debian's nats-server is 2.9.
  const name = await addReadConsumer(bus, {
    filter_subject: contract.subject,
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.None,
    inactive_threshold: 30_000_000_000,
  });
  try {
    const consumer = await bus.js.consumers.get(ARCHIVE_STREAM_NAME, name);
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
  } finally {
    await bus.jsm.consumers.delete(ARCHIVE_STREAM_NAME, name).catch(() => undefined);
  }
  return found;
}

/**
 * Adds an ephemeral consumer and returns its name. On a cluster with a node down, the meta leader still counts the
 * dead node among the stream's peers for a long while (minutes) and may place the consumer there, and the add then
 * times out; another try is placed again (measured: about one add in three times out after a node is SIGKILLed).
 */
async function addReadConsumer(bus: Bus, config: Partial<ConsumerConfig>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await bus.jsm.consumers.add(ARCHIVE_STREAM_NAME, config)).name;
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
