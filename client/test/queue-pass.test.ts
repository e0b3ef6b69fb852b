import { keepQueuePass, queuePassFor } from '../src/lib/queue-pass';

/** The browser's sessionStorage, which Node has not: the Storage methods queue-pass.ts uses, over a Map. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

let sessionStorage: MemoryStorage;

describe('the pass kept for this tab', () => {
  beforeEach(() => {
    sessionStorage = new MemoryStorage();
    Object.defineProperty(globalThis, 'sessionStorage', { value: sessionStorage, configurable: true });
  });

  afterAll(() => {
    Reflect.deleteProperty(globalThis, 'sessionStorage');
  });

  test('When a pass is kept for an event, then it is found for that event only, until it expires', () => {
    const now = Date.parse('2030-01-01T12:00:00.000Z');
    keepQueuePass('event-a', 'pass-a', new Date(now + 60_000).toISOString());

    expect(queuePassFor('event-a', now)).toBe('pass-a');
    expect(queuePassFor('event-b', now)).toBeUndefined();
    expect(queuePassFor('event-a', now + 60_000)).toBeUndefined();
    // An expired pass is dropped, not kept to be sent again.
    expect(sessionStorage.getItem('queue-pass:event-a')).toBeNull();
  });

  test('When the stored value is not a pass, then none is sent', () => {
    sessionStorage.setItem('queue-pass:event-a', '{not json');
    expect(queuePassFor('event-a')).toBeUndefined();
  });
});
