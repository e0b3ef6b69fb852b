import mongoose from 'mongoose';
import { VersionedLog } from '../src/store';
import { newObjectId } from '../src/http/ids';
import { testMongoUri } from '../src/testing';

interface Counter {
  count: number;
  writers: number[];
}

const log = new VersionedLog<Counter>('counters', { view: {} });

beforeAll(async () => {
  await mongoose.connect(testMongoUri('versioned_log'));
  await log.init();
});
afterAll(() => mongoose.disconnect());

describe('VersionedLog', () => {
  test('When 50 writers append the same version at once, then exactly one wins and the others are told so', async () => {
    const id = newObjectId();

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => log.append(id, 0, { count: i, writers: [i] })),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await log.records.countDocuments({ entityId: id })).toBe(1);
  });

  test('When 30 concurrent changes increment one entity, then no change is lost (the final version is 30)', async () => {
    const id = newObjectId();
    await log.append(id, 0, { count: 0, writers: [] });

    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        log.change(id, (current) => ({
          state: { count: (current?.state.count ?? 0) + 1, writers: [...(current?.state.writers ?? []), i] },
        })),
      ),
    );

    const latest = await log.latest(id);
    expect(latest?.version).toBe(30);
    expect(latest?.state.count).toBe(30);
    expect([...(latest?.state.writers ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  test('When concurrent changes finish, then the view holds the newest version', async () => {
    const id = newObjectId();
    await log.append(id, 0, { count: 0, writers: [] });

    await Promise.all(
      Array.from({ length: 10 }, () =>
        log.change(id, (c) => ({ state: { count: (c?.state.count ?? 0) + 1, writers: [] } })),
      ),
    );

    const view = await log.view?.findById(id).lean<{ version: number; count: number }>();
    expect(view).toMatchObject({ version: 10, count: 10 });
  });

  test('When versions arrive out of order and twice, then each is applied once, in order', async () => {
    const id = newObjectId();
    const effects: number[] = [];
    const apply = (version: number) =>
      log.applyInOrder(id, version, { count: version, writers: [] }, async () => void effects.push(version));

    const outcomes = [
      await apply(2),
      await apply(1),
      await apply(0),
      await apply(1),
      await apply(2),
      await apply(1),
      await apply(2),
    ];

    expect(outcomes).toEqual(['ahead', 'ahead', 'applied', 'applied', 'applied', 'already-applied', 'already-applied']);
    expect(effects).toEqual([0, 1, 2]);
  });

  test('When one version is applied by 20 consumers at once, then it is recorded once', async () => {
    const id = newObjectId();

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => log.applyInOrder(id, 0, { count: 0, writers: [] })),
    );

    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-applied')).toHaveLength(19);
  });

  test('When a decision throws, then nothing is stored and the error reaches the caller', async () => {
    const id = newObjectId();
    await log.append(id, 0, { count: 0, writers: [] });

    await expect(
      log.change(id, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');

    expect((await log.latest(id))?.version).toBe(0);
  });
});
