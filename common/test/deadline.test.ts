import { failureKind, withDeadline } from '../src';

describe('withDeadline', () => {
  test('When the promise settles in time, then its value is returned', async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, 'quick')).resolves.toBe(7);
  });

  test('When the deadline passes first, then the rejection names what timed out and a listener redelivers it as transient', async () => {
    const never = new Promise<never>(() => undefined);
    const error: unknown = await withDeadline(never, 20, 'redis connection').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('redis connection: no answer within 20 ms');
    // An expiry listener that waits out a Redis outage must be redelivered for as long as it lasts, never dead-lettered.
    expect(failureKind(error)).toBe('transient');
  });
});
