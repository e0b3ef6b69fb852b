import mongoose from 'mongoose';
import { TicketCreated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import { EntityStore, isDuplicateKeyError, versionedSchema, type Owned } from '../src/store';
import { testMongoUri } from '@ticketing/testing';

interface CounterDoc extends Owned {
  count: number;
  writers: number[];
  owner?: string;
}

const Counter = mongoose.model<CounterDoc>(
  'Counter',
  versionedSchema<CounterDoc>(
    { count: Number, writers: [Number], owner: String },
    { collection: 'counters', outbox: true },
  ),
);
const counters = new EntityStore(Counter);

beforeAll(async () => {
  await mongoose.connect(testMongoUri('entity_store'));
  await counters.init();
});
afterAll(() => mongoose.disconnect());

const event = (id: string, version: number) =>
  TicketCreated.create({ id, version, title: `v${version}`, price: 1, userId: newObjectId() });

describe('EntityStore', () => {
  test('When 50 writers insert the same id at once, then exactly one wins and the others get E11000', async () => {
    const id = newObjectId();

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => counters.insert({ _id: id, count: i, writers: [i] })),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && isDuplicateKeyError(r.reason))).toHaveLength(49);
    expect(await Counter.countDocuments({ _id: id })).toBe(1);
  });

  test('When 30 concurrent changes increment one entity, then no change is lost (the final version is 30)', async () => {
    const id = newObjectId();
    await counters.insert({ _id: id, count: 0, writers: [] });

    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        counters.change(id, (current) => ({
          set: { count: (current?.count ?? 0) + 1, writers: [...(current?.writers ?? []), i] },
          events: [event(id, (current?.version ?? 0) + 1)],
        })),
      ),
    );

    const stored = await counters.find(id);
    expect(stored?.version).toBe(30);
    expect(stored?.count).toBe(30);
    expect([...(stored?.writers ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // Every change pushed its own event, none overwrote another's: 30 events, versions 1..30, in the outbox.
    expect(stored?.outbox.map((e) => (e.data as { version: number }).version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  test('When a change removes a field, then it is gone and the others are kept', async () => {
    const id = newObjectId();
    await counters.insert({ _id: id, count: 1, writers: [], owner: 'ana' });

    const stored = await counters.change(id, () => ({ set: { count: 2 }, unset: ['owner'] }));

    expect(stored).toMatchObject({ count: 2, version: 1 });
    expect(stored).not.toHaveProperty('owner');
  });

  test('When a decision throws or decides nothing, then nothing is stored and the caller is told', async () => {
    const id = newObjectId();
    await counters.insert({ _id: id, count: 0, writers: [] });

    await expect(
      counters.change(id, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(counters.change(id, () => null)).resolves.toBeNull();

    expect((await counters.find(id))?.version).toBe(0);
  });

  test('When the entity does not exist, then decide is asked with null and nothing is written', async () => {
    const seen: unknown[] = [];

    const stored = await counters.change(newObjectId(), (current) => {
      seen.push(current);
      return { set: { count: 1 } };
    });

    expect(seen).toEqual([null]);
    expect(stored).toBeNull();
  });
});
