import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ARCHIVE_STREAM_NAME, STREAM_NAME } from '@ticketing/common';

/** Whether a service's durable consumer has dealt with a message. */
export type HandlingState =
  /** At or below the consumer's ack floor: acknowledged (or terminated after its last delivery). */
  | 'handled'
  /** Delivered, not known to be acknowledged (in flight, waiting for a retry, or acked out of order). */
  | 'in progress'
  /** Not delivered yet. */
  | 'waiting';

export interface TracedEvent {
  /** The stream sequence: the order of the trace. */
  seq: number;
  /** When JetStream stored it. */
  storedAt: string;
  subject: string;
  id: string;
  occurredAt: string;
  data: unknown;
  consumers: Array<{ service: string; durable: string; state: HandlingState }>;
}

interface StoredEvent {
  seq: number;
  storedAt: string;
  envelope: { id: string; subject: string; occurredAt: string; data: unknown };
}

function isEnvelope(value: unknown): value is StoredEvent['envelope'] {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.subject === 'string' && 'data' in v
  );
}

/**
 * Every event of the history (TICKETING_ARCHIVE: TICKETING itself forgets what every consumer has acked), in stream
 * order, which is TICKETING's (the archive is a mirror); messages that are not envelopes are skipped.
 */
async function readStream(nc: NatsConnection, jsm: JetStreamManager): Promise<StoredEvent[]> {
  const info = await jsm.streams.info(ARCHIVE_STREAM_NAME);
  const { last_seq: lastSeq, messages: total } = info.state;
  if (total === 0) return [];
  // An ephemeral consumer over every subject (an order's events span them all), with no acks: it changes nothing
  // the services see.
  const { name } = await jsm.consumers.add(ARCHIVE_STREAM_NAME, {
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.None,
    inactive_threshold: 30_000_000_000,
  });
  const events: StoredEvent[] = [];
  try {
    const consumer = await jetstream(nc).consumers.get(ARCHIVE_STREAM_NAME, name);
    let lastSeen = 0;
    let received = 0;
    for (;;) {
      // Ask for no more than is there: a fetch for more waits out its whole `expires`.
      const batch = await consumer.fetch({
        max_messages: Math.max(1, Math.min(500, total - received)),
        expires: 2_000,
      });
      let inBatch = 0;
      for await (const msg of batch) {
        inBatch++;
        received++;
        lastSeen = msg.seq;
        let value: unknown;
        try {
          value = msg.json();
        } catch {
          continue;
        }
        if (isEnvelope(value)) events.push({ seq: msg.seq, storedAt: msg.time.toISOString(), envelope: value });
      }
      if (inBatch === 0 || lastSeen >= lastSeq) break;
    }
  } finally {
    await jsm.consumers.delete(ARCHIVE_STREAM_NAME, name).catch(() => undefined);
  }
  return events;
}

/** True when `value` holds `needle` as a string anywhere (the order id in `id`, `orderId`, or deeper). */
function mentions(value: unknown, needle: string): boolean {
  if (value === needle) return true;
  if (Array.isArray(value)) return value.some((v) => mentions(v, needle));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => mentions(v, needle));
  return false;
}

const field = (data: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined),
    data,
  );

/**
 * The events one order caused: those whose data mentions the order id (OrderCreated/Cancelled/Completed `id`,
 * OrderExpired and ChargeCreated/Refunded `orderId`, the TicketUpdated versions that carry it), plus the
 * TicketUpdated that released its ticket (the version of that ticket right after one carrying the order id, when it
 * no longer carries it).
 */
export function selectOrderEvents(events: readonly StoredEvent[], orderId: string): StoredEvent[] {
  const selected = events.filter((e) => mentions(e.envelope.data, orderId));
  const tickets = new Set(
    selected.filter((e) => e.envelope.subject === 'order.created').map((e) => field(e.envelope.data, 'ticket', 'id')),
  );
  const heldAt = new Map<string, Set<number>>();
  for (const e of selected) {
    if (e.envelope.subject !== 'ticket.updated') continue;
    const id = String(field(e.envelope.data, 'id'));
    heldAt.set(id, (heldAt.get(id) ?? new Set()).add(Number(field(e.envelope.data, 'version'))));
  }
  const releases = events.filter((e) => {
    if (e.envelope.subject !== 'ticket.updated' || !tickets.has(field(e.envelope.data, 'id'))) return false;
    if (field(e.envelope.data, 'orderId') !== undefined) return false;
    const held = heldAt.get(String(field(e.envelope.data, 'id')));
    return held?.has(Number(field(e.envelope.data, 'version')) - 1) ?? false;
  });
  const seqs = new Set([...selected, ...releases].map((e) => e.seq));
  return events.filter((e) => seqs.has(e.seq));
}

/** The durable consumers of the stream, as `<service>-<subject with dashes>` (STYLE, Naming). */
async function durables(jsm: JetStreamManager) {
  const found: Array<{ service: string; durable: string; subject: string; ackFloor: number; delivered: number }> = [];
  for await (const ci of jsm.consumers.list(STREAM_NAME)) {
    const durable = ci.config.durable_name;
    const subject = ci.config.filter_subject;
    if (!durable || !subject) continue;
    const suffix = `-${subject.replace(/\./g, '-')}`;
    const service = durable.endsWith(suffix) ? durable.slice(0, -suffix.length) : durable;
    found.push({ service, durable, subject, ackFloor: ci.ack_floor.stream_seq, delivered: ci.delivered.stream_seq });
  }
  return found.sort((a, b) => (a.durable < b.durable ? -1 : a.durable > b.durable ? 1 : 0));
}

/**
 * Reads the history (stream TICKETING_ARCHIVE) and returns the events that `orderId` caused, in stream order, each
 * with the services whose durable consumer of its subject (on TICKETING) has handled it. Changes nothing: an
 * ephemeral consumer without acks reads the archive and is deleted.
 * @throws when the stream does not exist (the message says so).
 */
export async function traceOrder(nc: NatsConnection, orderId: string): Promise<TracedEvent[]> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(ARCHIVE_STREAM_NAME);
  } catch (error) {
    throw new Error(
      `stream ${ARCHIVE_STREAM_NAME} not found (${error instanceof Error ? error.message : String(error)}): has \`npm run streams\` (or npm start) run on this NATS?`,
    );
  }
  const events = selectOrderEvents(await readStream(nc, jsm), orderId);
  const consumers = await durables(jsm);
  return events.map((e) => ({
    seq: e.seq,
    storedAt: e.storedAt,
    subject: e.envelope.subject,
    id: e.envelope.id,
    occurredAt: e.envelope.occurredAt,
    data: e.envelope.data,
    consumers: consumers
      .filter((c) => c.subject === e.envelope.subject)
      .map((c) => ({
        service: c.service,
        durable: c.durable,
        state: e.seq <= c.ackFloor ? 'handled' : e.seq <= c.delivered ? 'in progress' : 'waiting',
      })),
  }));
}

/** The trace as text: one block per event, `#seq time subject id`, its data, and who handled it. */
export function formatTrace(orderId: string, events: readonly TracedEvent[]): string {
  if (events.length === 0) return `No event in stream ${ARCHIVE_STREAM_NAME} mentions order ${orderId}.\n`;
  const lines = [
    `Order ${orderId}: ${events.length} event${events.length === 1 ? '' : 's'} in stream ${ARCHIVE_STREAM_NAME}, in stream order`,
    '',
  ];
  for (const e of events) {
    lines.push(`#${e.seq}  ${e.storedAt}  ${e.subject}  ${e.id}`);
    lines.push(`    data: ${JSON.stringify(e.data)}`);
    const consumed = e.consumers.map((c) => (c.state === 'handled' ? c.service : `${c.service} (${c.state})`));
    lines.push(`    consumed by: ${consumed.length ? consumed.join(', ') : '(no durable consumer)'}`);
  }
  return `${lines.join('\n')}\n`;
}
