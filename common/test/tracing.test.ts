import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import mongoose from 'mongoose';
import pino from 'pino';
import { connectBus, defineListener, drainBus, listen, type Bus, type RunningListener } from '../src/bus';
import { TicketCreated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import { EntityStore, startOutboxRelay, versionedSchema, type OutboxRelay, type Owned } from '../src/store';
import { activeTraceIds, inSpan, SpanKind } from '../src/tracing/trace-context';
import { eventually, startTestNats, testBusLogin, testMongoUri, type TestEngine } from '@ticketing/testing';

// DESIGN §14: the trace context travels with each event: stored in the outbox entry by the change, sent as NATS
// headers by the relay's publish, restored as the parent by the listener (one CONSUMER span per delivery). The SDK
// runs in this process with an in-memory exporter; no instrumentation, only our own spans.

interface ItemDoc extends Owned {
  name: string;
}

const itemModel = (name: string, collection: string) =>
  mongoose.model<ItemDoc>(name, versionedSchema<ItemDoc>({ name: String }, { collection, outbox: true }));
const relayedItems = new EntityStore(itemModel('TracedItem', 'traced_items'));
/** A store no relay reads: what its outbox entries hold stays there to look at. */
const keptItems = new EntityStore(itemModel('KeptTracedItem', 'kept_traced_items'));

const exported = new tracing.InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: 'tracing-test',
  spanProcessors: [new tracing.SimpleSpanProcessor(exported)],
  metricReaders: [],
  logRecordProcessors: [],
  instrumentations: [],
});

let nats: TestEngine;
let bus: Bus;
let relay: OutboxRelay;
const listeners: RunningListener[] = [];

beforeAll(async () => {
  sdk.start();
  nats = await startTestNats();
  await mongoose.connect(testMongoUri('tracing'));
  await Promise.all([relayedItems.init(), keptItems.init()]);
  bus = await connectBus({
    url: nats.url,
    credentials: testBusLogin('testkit'),
    service: 'traced',
    log: pino({ level: 'silent' }),
  });
  relay = startOutboxRelay({ bus, stores: [relayedItems], log: bus.log, retryIntervalMs: 100 });
});

afterAll(async () => {
  await Promise.all(listeners.map((listener) => listener.stop()));
  await relay.stop();
  await drainBus(bus);
  await mongoose.disconnect();
  await nats.stop();
  await sdk.shutdown();
});

const spans = () => exported.getFinishedSpans();
const parentOf = (span: tracing.ReadableSpan) => span.parentSpanContext?.spanId;

describe('the trace context of an event (DESIGN §14)', () => {
  test('When a change stores an event inside a span, then its outbox entry carries that span as traceparent, and none outside a span', async () => {
    const [tracedId, untracedId] = [newObjectId(), newObjectId()];
    const created = (id: string) =>
      TicketCreated.create({ id, version: 0, title: 'Kept', price: 5, userId: newObjectId() });

    const change = await inSpan('change', { kind: SpanKind.INTERNAL }, async (span) => {
      await keptItems.insert({ _id: tracedId, name: 'traced' }, [created(tracedId)]);
      return span.spanContext();
    });
    await keptItems.insert({ _id: untracedId, name: 'untraced' }, [created(untracedId)]);

    const [traced] = (await keptItems.find(tracedId))?.outbox ?? [];
    expect(traced?.traceparent).toBe(`00-${change.traceId}-${change.spanId}-01`);
    const [untraced] = (await keptItems.find(untracedId))?.outbox ?? [];
    expect(untraced).toBeDefined();
    expect(untraced).not.toHaveProperty('traceparent');
  });

  test('When a handler fails once, then each delivery is a CONSUMER span under the publish, with its delivery count and outcome, in the trace of the change', async () => {
    const id = newObjectId();
    const event = TicketCreated.create({ id, version: 0, title: 'Traced', price: 5, userId: newObjectId() });
    let failuresLeft = 1;
    const logged: Array<ReturnType<typeof activeTraceIds>> = [];
    listeners.push(
      await listen(
        bus,
        defineListener({
          event: TicketCreated,
          handle: async (data) => {
            if (data.id !== id) return;
            logged.push(activeTraceIds());
            if (failuresLeft-- > 0) throw new Error('the handler fails once');
          },
        }),
      ),
    );

    const change = await inSpan('change', { kind: SpanKind.INTERNAL }, async (span) => {
      await relayedItems.insert({ _id: id, name: 'traced' }, [event]);
      return span.spanContext();
    });

    const consumed = await eventually(() => {
      const found = spans().filter(
        (span) => span.name === 'ticket.created process' && span.attributes['messaging.message.id'] === event.id,
      );
      return found.length === 2 ? found : undefined;
    }, 'two deliveries traced');
    const publish = spans().find(
      (span) => span.name === 'ticket.created publish' && span.attributes['messaging.message.id'] === event.id,
    );
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    expect(publish?.spanContext().traceId).toBe(change.traceId);
    expect(parentOf(publish as tracing.ReadableSpan)).toBe(change.spanId);

    const byDelivery = consumed.sort(
      (a, b) =>
        Number(a.attributes['messaging.nats.delivery_count']) - Number(b.attributes['messaging.nats.delivery_count']),
    );
    expect(byDelivery.map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'messaging.system': 'nats',
        'messaging.destination.name': 'ticket.created',
        'messaging.nats.delivery_count': 1,
        'ticketing.event.outcome': 'retried',
      }),
      expect.objectContaining({
        'messaging.system': 'nats',
        'messaging.destination.name': 'ticket.created',
        'messaging.nats.delivery_count': 2,
        'ticketing.event.outcome': 'acked',
      }),
    ]);
    for (const span of byDelivery) {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.spanContext().traceId).toBe(change.traceId);
      expect(parentOf(span)).toBe(publish?.spanContext().spanId);
    }
    // What the handler logs carries its delivery's span (pino's mixin in createLogger reads the same ids).
    expect(logged).toEqual(
      byDelivery.map((span) => ({ trace_id: change.traceId, span_id: span.spanContext().spanId })),
    );
    expect(activeTraceIds()).toEqual({});
  });

  test('When an outbox entry carries no trace context (written untraced, or by the version before), then it is relayed all the same, in a trace of its own', async () => {
    const id = newObjectId();
    const event = TicketCreated.create({ id, version: 0, title: 'Untraced', price: 5, userId: newObjectId() });

    await relayedItems.insert({ _id: id, name: 'untraced' }, [event]);

    await eventually(async () => (await relayedItems.find(id))?.outbox.length === 0, 'outbox emptied');
    const publish = await eventually(
      () =>
        spans().find(
          (span) => span.name === 'ticket.created publish' && span.attributes['messaging.message.id'] === event.id,
        ),
      'publish traced',
    );
    expect(parentOf(publish)).toBeUndefined();
  });
});
