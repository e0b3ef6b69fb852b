'use client';

import { useEffect, useState } from 'react';
import { secondsLeft } from '@/lib/countdown';

/**
 * Seconds until `expiresAt`, ticking once a second while `active`. The first value is computed
 * from the server's render time so that hydration sees the same text the server sent.
 */
export function useSecondsLeft(expiresAt: string, renderedAt: number, active: boolean): number {
  const [seconds, setSeconds] = useState(() => secondsLeft(expiresAt, renderedAt));

  useEffect(() => {
    if (!active) return;
    const tick = () => setSeconds(secondsLeft(expiresAt, Date.now()));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [expiresAt, active]);

  return seconds;
}
