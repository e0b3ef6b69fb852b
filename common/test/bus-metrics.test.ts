import { connectBus, defineListener, drainBus, durableName, listen, publishEnvelope, type Bus } from '../src/bus';
import { TicketCreated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import { createLogger } from '../src/service';
import {
  connectTestBus,
  eventually,
  sampleSum,
  settled,
  startTestNats,
  testBusLogin,
  type TestEngine,
} from '@ticketing/testing';
import { scrapeMetrics } from './support';

// The bus metrics of this process, scraped as Prometheus does: through a service app's GET /metrics.

let nats: TestEngine;
let testBus: Bus;
let bus: Bus;

beforeAll(async () => {
  nats = await startTestNats();
  testBus = await connectTestBus(nats.url);
  bus = await connectBus({
    url: nats.url,
    credentials: testBusLogin('testkit'),
    service: 'metered',
    log: createLogger('test', 'silent'),
  });
});

afterAll(async () => {
  await drainBus(bus);
  await drainBus(testBus);
  await nats.stop();
});

function ticket() {
  return { id: newObjectId(), version: 0, title: 'Rock Concert', price: 100, userId: newObjectId() };
}

const subject = { messaging_destination_name: 'ticket.created' };

describe('bus metrics', () => {
  test('When events are published, handled, retried and invalid, then the scrape counts each by subject and outcome', async () => {
    const failOnce = ticket();
    let failed = false;
    const handled: string[] = [];
    const listener = await listen(
      bus,
      defineListener({
        event: TicketCreated,
        handle: async (data) => {
          if (data.id === failOnce.id && !failed) {
            failed = true;
            throw new Error('database hiccup');
          }
          handled.push(data.id);
        },
      }),
    );
    const before = await scrapeMetrics();

    await publishEnvelope(testBus, TicketCreated.create(ticket()));
    await publishEnvelope(testBus, TicketCreated.create(failOnce));
    await testBus.js.publish('ticket.created', 'not json at all');
    await eventually(() => handled.length === 2, 'both valid events handled');
    await settled(testBus, durableName('metered', 'ticket.created'));
    await listener.stop();
    const after = await scrapeMetrics();

    const moved = (name: string, labels: Record<string, string> = {}) =>
      sampleSum(after, name, { ...subject, ...labels }) - sampleSum(before, name, { ...subject, ...labels });
    expect(moved('ticketing_events_published_total')).toBe(2);
    expect(moved('ticketing_events_handled_total', { outcome: 'acked' })).toBe(2);
    expect(moved('ticketing_events_handled_total', { outcome: 'retried' })).toBe(1);
    expect(moved('ticketing_events_handled_total', { outcome: 'invalid' })).toBe(1);
    expect(moved('ticketing_events_handled_total', { outcome: 'dead-lettered' })).toBe(0);
    expect(moved('ticketing_dead_letters_total')).toBe(1);
    expect(moved('ticketing_event_handler_lag_count')).toBe(2);
    // The event that failed once came back after the first backoff (250 ms): its lag is at least that.
    expect(moved('ticketing_event_handler_lag_sum')).toBeGreaterThanOrEqual(0.25);
  });
});
