import mongoose from 'mongoose';
import type { OutboxSource } from '../src/store';
import { observeOutbox } from '../src/store/outbox-metrics';
import { sampleSum, testMongoUri } from '@ticketing/testing';
import { scrapeMetrics } from './support';

beforeAll(async () => {
  await mongoose.connect(testMongoUri('outbox_metrics'));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});

/** A store as the relay sees it; only its name and its pending markers are read here. */
function store(name: string): OutboxSource {
  return {
    name,
    collection: mongoose.connection.collection(name),
    pending: mongoose.connection.collection(`${name}_outbox_pending`),
    init: async () => undefined,
    onStored: () => undefined,
  };
}

describe('outbox metrics', () => {
  test('When markers are pending, then each scrape reports their count and the oldest one’s age, per store, and stops reading when stopped', async () => {
    const things = store('things');
    const empty = store('empties');
    const now = Date.now();
    await things.pending.insertMany([
      { _id: 'a', token: 't1', version: 0, at: new Date(now - 90_000) },
      { _id: 'b', token: 't2', version: 3, at: new Date(now - 5_000) },
    ] as never);
    const stop = observeOutbox([things, empty], 'test');

    const text = await scrapeMetrics();
    stop();
    await things.pending.insertOne({ _id: 'c', token: 't3', version: 0, at: new Date() } as never);
    const after = await scrapeMetrics();

    const of = (collection: string) => ({ db_collection_name: collection });
    expect(sampleSum(text, 'ticketing_outbox_depth', of('things'))).toBe(2);
    expect(sampleSum(text, 'ticketing_outbox_oldest_age', of('things'))).toBeGreaterThanOrEqual(90);
    expect(sampleSum(text, 'ticketing_outbox_oldest_age', of('things'))).toBeLessThan(120);
    expect(text).toMatch(/^ticketing_outbox_depth\{db_collection_name="empties"\} 0$/m);
    expect(text).toMatch(/^ticketing_outbox_oldest_age\{db_collection_name="empties"\} 0$/m);
    // Stopped: no more reads (the SDK keeps showing the last value it was given).
    expect(sampleSum(after, 'ticketing_outbox_depth', of('things'))).toBe(2);
  });
});
