import { LRUCache } from 'lru-cache';

/** A rendered page as kept in the cache: what is needed to answer it again. */
export type RenderedPage = {
  status: number;
  headers: ReadonlyArray<readonly [string, string]>;
  body: ArrayBuffer;
};

export type PageCacheOptions = {
  /** How old the data of a page may be when it is answered, counted from the start of its render. */
  maxAgeMs: number;
  /** Pages kept at most (one per URL and visitor); the least recently used goes first. */
  maxEntries: number;
  /** Renders the page, or undefined when this answer must not be shared (an error, a Set-Cookie). */
  render: (request: Request) => Promise<RenderedPage | undefined>;
};

/**
 * A micro-cache of rendered pages: each key is rendered once at a time (concurrent requests for it wait for the same
 * render), and its answer is reused until `maxAgeMs` after that render *started*, so that no data in it is older
 * than `maxAgeMs` when it is sent. lru-cache gives the coalescing, the per-entry lifetime and the bound.
 */
export function createPageCache(
  options: PageCacheOptions,
): (key: string, request: Request) => Promise<RenderedPage | undefined> {
  const cache = new LRUCache<string, RenderedPage, Request>({
    max: options.maxEntries,
    ttl: options.maxAgeMs,
    fetchMethod: async (_key, _stale, { options: entry, context }) => {
      const started = performance.now();
      const page = await options.render(context);
      // What is left of the page's life once it is rendered; 1 ms (not 0, which lru-cache reads as "forever") when
      // the render took all of it: the requests waiting for it get it, and the next one renders again.
      if (page) entry.ttl = Math.max(1, Math.floor(options.maxAgeMs - (performance.now() - started)));
      return page;
    },
  });
  return (key, request) => cache.fetch(key, { context: request });
}
