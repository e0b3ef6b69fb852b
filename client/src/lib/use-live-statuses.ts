'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusChange } from '@ticketing/common';

export type LiveStatusOptions<S extends string> = {
  /** The Server-Sent Events path: `/api/tickets/live` or `/api/orders/live`. */
  streamPath: string;
  /** The event name in that stream: `ticket` or `order`. */
  eventName: string;
  /**
   * A GET that answers what the page shows (one object, an array, or a page `{ tickets: [...] }` of objects with id,
   * version, status): the catch-up read.
   */
  resyncPath: string;
  /** What the server rendered. Only these ids are followed. */
  initial: readonly StatusChange<S>[];
  /** How often to poll `resyncPath` while the stream is not open (default 5 s). */
  pollMs?: number;
};

type Statuses<S extends string> = ReadonlyMap<string, StatusChange<S>>;

/** The items of a resync answer: an array, a page of tickets (GET /api/events/:id/tickets), or one object. */
function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const page = typeof body === 'object' && body !== null ? (body as { tickets?: unknown }).tickets : undefined;
  return Array.isArray(page) ? page : [body];
}

function toChanges<S extends string>(body: unknown): StatusChange<S>[] {
  const items = itemsOf(body);
  return items.filter(
    (item): item is StatusChange<S> =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as StatusChange<S>).id === 'string' &&
      typeof (item as StatusChange<S>).version === 'number' &&
      typeof (item as StatusChange<S>).status === 'string',
  );
}

/**
 * The live status of the tickets or orders a page shows. It follows the service's event stream (one EventSource per
 * page) and applies a change only when its version is newer than the one shown, so that an old event never
 * overwrites a newer state. The stream sends nothing it missed, so each time it (re)opens the page reads
 * `resyncPath` once; while it is not open (no EventSource, a proxy that refuses it, 503 when the service has too
 * many streams, a reconnect in progress) the page polls that path instead.
 */
export function useLiveStatuses<S extends string>(options: LiveStatusOptions<S>): Statuses<S> {
  const { streamPath, eventName, resyncPath, pollMs = 5_000 } = options;
  const [statuses, setStatuses] = useState<Statuses<S>>(() => new Map(options.initial.map((c) => [c.id, c])));
  const initialRef = useRef(options.initial);

  const apply = useCallback((changes: readonly StatusChange<S>[]) => {
    setStatuses((current) => {
      let next: Map<string, StatusChange<S>> | null = null;
      for (const change of changes) {
        const shown = current.get(change.id);
        if (!shown || change.version <= shown.version) continue;
        next ??= new Map(current);
        next.set(change.id, { id: change.id, version: change.version, status: change.status });
      }
      return next ?? current;
    });
  }, []);

  // A new server render (router.refresh, other props) is a newer truth too.
  useEffect(() => {
    if (initialRef.current !== options.initial) {
      initialRef.current = options.initial;
      apply(options.initial);
    }
  }, [options.initial, apply]);

  useEffect(() => {
    let stopped = false;
    const resync = async (): Promise<void> => {
      try {
        const res = await fetch(resyncPath, { cache: 'no-store', credentials: 'same-origin' });
        if (res.ok && !stopped) apply(toChanges<S>(await res.json()));
      } catch {
        // unreachable for now: the next poll or the stream tries again
      }
    };
    const source = typeof EventSource === 'undefined' ? null : new EventSource(streamPath);
    source?.addEventListener(eventName, (event) => {
      try {
        apply(toChanges<S>(JSON.parse((event as MessageEvent<string>).data)));
      } catch {
        // a malformed message is skipped; the next resync corrects the page
      }
    });
    source?.addEventListener('open', () => void resync());
    const poll = setInterval(() => {
      if (source?.readyState !== EventSource.OPEN) void resync();
    }, pollMs);
    return () => {
      stopped = true;
      clearInterval(poll);
      source?.close();
    };
  }, [streamPath, eventName, resyncPath, pollMs, apply]);

  return statuses;
}
