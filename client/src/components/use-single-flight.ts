'use client';

import { useCallback, useRef, useState } from 'react';

/**
 * Runs one submission at a time: `run(task)` does nothing while a task is running, and `busy` says so for the UI.
 * The ref, not the state, is what refuses a double click: the second click lands before React has re-rendered the
 * button disabled.
 */
export function useSingleFlight(): { busy: boolean; run: (task: () => Promise<void>) => Promise<void> } {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (task: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await task();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
