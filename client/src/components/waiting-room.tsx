'use client';

import type { QueueStatusJson } from '@ticketing/common';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, queuePath } from '@/lib/api-browser';
import { keepQueuePass } from '@/lib/queue-pass';
import { describeQueueStatus } from '@/lib/waiting-room';
import { Alert } from './alert';
import { EventDate } from './event-date';

/** How often the page asks for the status while its live stream is not open (a proxy refusing it, a reconnect). */
const POLL_MS = 5_000;

/** The buyer's place: not looked up yet, none (the Join button), or the room's last word on it. */
type Place = { kind: 'loading' } | { kind: 'none' } | { kind: 'held'; status: QueueStatusJson };

/**
 * The event's waiting room (DESIGN §13) while it is open: "Join the queue", then the buyer's status, kept current
 * without reloading by the room's stream (GET /api/queue/:eventId/stream, `event: status`): the pre-queue with the
 * on-sale countdown, the place, people ahead and estimated wait, then the turn with its minutes; closed says why.
 * An admitted buyer's pass is kept for this tab (queue-pass.ts), and the Purchase button sends it with the order.
 * The status is a polite live region, so a screen reader hears each change, never the ticking countdown.
 */
export function WaitingRoom({ eventId, onSaleAt, signedIn }: { eventId: string; onSaleAt: string; signedIn: boolean }) {
  const [place, setPlace] = useState<Place>({ kind: 'loading' });
  const [errors, setErrors] = useState<string[]>([]);
  const [joining, setJoining] = useState(false);
  const now = useNow(place.kind === 'held');

  const show = useCallback(
    (status: QueueStatusJson) => {
      if (status.status === 'admitted' && status.pass && status.passExpiresAt) {
        keepQueuePass(eventId, status.pass, status.passExpiresAt);
      }
      setPlace({ kind: 'held', status });
    },
    [eventId],
  );

  const refresh = useCallback(async () => {
    const result = await api.queueStatus(eventId);
    if (result.ok) show(result.data);
    else if (result.status === 404) setPlace({ kind: 'none' });
  }, [eventId, show]);

  // Where the buyer stands when the page opens: a place held from before, or none yet.
  useEffect(() => {
    if (signedIn) void refresh();
  }, [signedIn, refresh]);

  const held = place.kind === 'held';
  const closed = held && place.status.status === 'closed';
  // Live while the buyer holds a place in an open room; polled while the stream is not open.
  useEffect(() => {
    if (!held || closed) return;
    const source = typeof EventSource === 'undefined' ? null : new EventSource(`${queuePath(eventId)}/stream`);
    source?.addEventListener('status', (event) => {
      try {
        show(JSON.parse((event as MessageEvent<string>).data) as QueueStatusJson);
      } catch {
        // a malformed message is skipped; the next one or the poll corrects the page
      }
    });
    const poll = setInterval(() => {
      if (source?.readyState !== EventSource.OPEN) void refresh();
    }, POLL_MS);
    return () => {
      clearInterval(poll);
      source?.close();
    };
  }, [eventId, held, closed, show, refresh]);

  async function join() {
    setJoining(true);
    setErrors([]);
    const result = await api.joinQueue(eventId);
    setJoining(false);
    if (result.ok) show(result.data);
    else setErrors(result.errors.map((e) => e.message));
  }

  const status = place.kind === 'held' ? place.status : null;
  const described = status ? describeQueueStatus(status, now) : null;
  const canJoin = place.kind === 'none' || status?.status === 'expired';
  return (
    <section className="card" aria-labelledby="waiting-room-title" data-testid="waiting-room">
      <h2 id="waiting-room-title">Waiting room</h2>
      <p className="aside">
        Tickets go on sale at <EventDate iso={onSaleAt} testId="queue-on-sale-at" />. Everyone who joins before then
        gets a place in random order; later arrivals queue behind them.
      </p>
      <div role="status" aria-live="polite" data-testid="queue-status" data-status={status?.status ?? place.kind}>
        {described && <p>{described.headline}</p>}
      </div>
      {described?.detail && (
        <p className="countdown" data-testid="queue-countdown">
          {described.detail}
        </p>
      )}
      {status?.status === 'admitted' && (
        <p className="actions">
          <a href="#tickets" className="button" data-testid="queue-to-tickets">
            Choose your tickets
          </a>
        </p>
      )}
      <Alert messages={errors} title="Could not join the queue" testId="queue-error" />
      {!signedIn ? (
        <p className="hint" data-testid="signin-to-queue">
          <Link href="/auth/signin">Sign in</Link> to join the queue.
        </p>
      ) : (
        canJoin && (
          <p className="actions">
            <button type="button" className="button" onClick={join} disabled={joining} data-testid="queue-join">
              {joining ? 'Joining…' : status?.status === 'expired' ? 'Join the queue again' : 'Join the queue'}
            </button>
          </p>
        )
      )}
    </section>
  );
}

/** The time now, ticking once a second while `active` (the countdowns). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
