import { pageCursor, pagePath, PAGE_SIZE } from '../src/lib/page';

describe('pagePath', () => {
  test('When no cursor is given, then the path asks for the newest page of PAGE_SIZE', () => {
    expect(pagePath('/api/orders')).toBe(`/api/orders?limit=${PAGE_SIZE}`);
  });

  test('When a cursor is given, then the path asks for the page before it', () => {
    expect(pagePath('/api/orders', '5f0c9a1b2c3d4e5f60718293')).toBe(
      `/api/orders?limit=${PAGE_SIZE}&before=5f0c9a1b2c3d4e5f60718293`,
    );
  });
});

describe('pageCursor', () => {
  test('When ?before= is an id, then it is the cursor; otherwise the first page is shown', () => {
    expect(pageCursor('5f0c9a1b2c3d4e5f60718293')).toBe('5f0c9a1b2c3d4e5f60718293');
    expect(pageCursor(undefined)).toBeUndefined();
    expect(pageCursor('not-an-id')).toBeUndefined();
    expect(pageCursor(['5f0c9a1b2c3d4e5f60718293', '5f0c9a1b2c3d4e5f60718294'])).toBeUndefined();
  });
});
