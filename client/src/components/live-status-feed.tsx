'use client';

import type { StatusChange } from '@ticketing/common';
import { createContext, useContext, type ReactNode } from 'react';
import { useLiveStatuses } from '@/lib/use-live-statuses';
import { StatusBadge } from './status-badge';

type LiveStatusFeed<S extends string> = {
  /** The Server-Sent Events path and the event name in it (use-live-statuses.ts). */
  streamPath: string;
  eventName: string;
  /** The badge's words for each status. */
  labels: Readonly<Record<S, string>>;
  /** The badge's data-testid. */
  testId: string;
};

/**
 * The live statuses of one kind of entity (tickets, orders), for the components of a page: its `Provider` follows
 * the feed for what the page shows (one EventSource per page, however many badges), `useLatest` reads an entity's
 * newest known status and version, and `Badge` shows its status, kept current. Each feed has its own context, so a
 * page may follow both.
 */
export function liveStatusFeed<S extends string>(feed: LiveStatusFeed<S>) {
  const Statuses = createContext<ReadonlyMap<string, StatusChange<S>>>(new Map());

  /** `initial` is what the server rendered, the only entities followed; `resyncPath` answers the same ones. */
  function Provider(props: { initial: StatusChange<S>[]; resyncPath: string; children: ReactNode }) {
    const statuses = useLiveStatuses<S>({
      streamPath: feed.streamPath,
      eventName: feed.eventName,
      resyncPath: props.resyncPath,
      initial: props.initial,
    });
    return <Statuses.Provider value={statuses}>{props.children}</Statuses.Provider>;
  }

  /** The entity's newest known status and version, or null when the page's Provider does not follow it. */
  function useLatest(id: string): StatusChange<S> | null {
    return useContext(Statuses).get(id) ?? null;
  }

  /** The status badge of an entity: the live status, or `status`, what the server rendered. */
  function Badge({ id, status }: { id: string; status: S }) {
    const live = useLatest(id)?.status ?? status;
    return <StatusBadge status={live} label={feed.labels[live] ?? live} testId={feed.testId} />;
  }

  return { Provider, useLatest, Badge };
}
