import { forEachIdBatch } from '../src';

/** A set of ids read as a store would: in id order, `size` at a time, after the cursor. */
function pages(ids: string[], size: number) {
  const reads: Array<string | undefined> = [];
  const read = async (after: string | undefined) => {
    reads.push(after);
    return ids.filter((id) => after === undefined || id > after).slice(0, size);
  };
  return { read, reads };
}

describe('forEachIdBatch', () => {
  test('When the set spans several batches, then each id is handled once, in order, and the counts are summed', async () => {
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const { read, reads } = pages(ids, 2);
    const handled: string[] = [];

    const total = await forEachIdBatch(read, async (batch) => {
      handled.push(...batch);
      return batch.length - 1;
    });

    expect(handled).toEqual(ids);
    expect(reads).toEqual([undefined, 'a2', 'a4', 'a5']);
    expect(total).toBe(2);
  });

  test('When nothing in a batch can be closed (it stays in the set), then the pass still ends, past the cursor', async () => {
    const { read } = pages(['b1', 'b2', 'b3'], 2);
    let batches = 0;

    const total = await forEachIdBatch(read, async () => {
      batches++;
      return 0;
    });

    expect(batches).toBe(2);
    expect(total).toBe(0);
  });

  test('When a batch fails, then the error is thrown and no later batch is read', async () => {
    const { read, reads } = pages(['c1', 'c2', 'c3'], 1);

    const pass = forEachIdBatch(read, async (batch) => {
      if (batch[0] === 'c2') throw new Error('database unreachable');
      return 1;
    });

    await expect(pass).rejects.toThrow('database unreachable');
    expect(reads).toEqual([undefined, 'c1']);
  });
});
