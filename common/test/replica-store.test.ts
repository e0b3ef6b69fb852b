import mongoose from 'mongoose';
import { newObjectId } from '../src/http/ids';
import { ReplicaStore, versionedSchema, type Versioned } from '../src/store';
import { testMongoUri } from '@ticketing/testing';

interface PriceDoc extends Versioned {
  price: number;
  status?: string;
}

const replica = new ReplicaStore(
  mongoose.model<PriceDoc>(
    'ReplicaPrice',
    versionedSchema<PriceDoc>({ price: Number, status: String }, { collection: 'replica_prices', outbox: false }),
  ),
);

beforeAll(async () => {
  await mongoose.connect(testMongoUri('replica_store'));
  await replica.init();
});
afterAll(() => mongoose.disconnect());

describe('ReplicaStore', () => {
  test('When versions arrive out of order and twice, then each is applied once, in order', async () => {
    const id = newObjectId();
    const apply = (version: number) => replica.apply(id, version, { price: 100 - version });

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
    expect(await replica.find(id)).toMatchObject({ version: 2, price: 98 });
  });

  test('When one version is applied by 20 consumers at once, then it is applied once', async () => {
    const id = newObjectId();
    await replica.apply(id, 0, { price: 10 });

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => replica.apply(id, 1, { price: 11 })));

    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-applied')).toHaveLength(19);
  });

  test('When the first version is applied by 20 consumers at once, then it is inserted once', async () => {
    const id = newObjectId();

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => replica.apply(id, 0, { price: 10 })));

    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-applied')).toHaveLength(19);
  });

  test('When a later version carries only some fields, then only those change', async () => {
    const id = newObjectId();
    await replica.apply(id, 0, { price: 10, status: 'created' });

    await replica.apply(id, 1, { status: 'cancelled' });

    expect(await replica.find(id)).toMatchObject({ version: 1, price: 10, status: 'cancelled' });
  });
});
