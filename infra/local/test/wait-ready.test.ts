import { EngineStartError, withPort } from '../src/engines/wait-ready';

describe('withPort', () => {
  test('When the free port picked is taken before the engine binds it, then it retries on another port', async () => {
    const tried: number[] = [];

    const result = await withPort(undefined, async (port) => {
      tried.push(port);
      if (tried.length === 1) throw new EngineStartError('redis-server', 'exited', 'bind: Address already in use');
      return port;
    });

    expect(tried).toHaveLength(2);
    expect(tried[0]).not.toBe(tried[1]);
    expect(result).toBe(tried[1]);
  });

  test('When an explicit port is taken, then the error is not retried', async () => {
    const tried: number[] = [];

    const failure = await withPort(6553, async (port) => {
      tried.push(port);
      throw new EngineStartError('redis-server', 'exited', 'Address already in use');
    }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(EngineStartError);
    expect(tried).toEqual([6553]);
  });
});
