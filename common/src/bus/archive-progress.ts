import type { JetStreamManager } from '@nats-io/jetstream';
import { ARCHIVE_STREAM_NAME } from './names';

/**
 * Waits until TICKETING_ARCHIVE holds the message of stream sequence `seq` (its mirror keeps TICKETING's sequences),
 * polling every 20 ms; resolves true, or false once `timeoutMs` has passed. The mirror copies within milliseconds once
 * connected, but a mirror just made, or one lagging behind a leader that died, is not connected yet (and on nats-server
 * 2.11 a mirror is not one of an interest stream's consumers: what every durable acked meanwhile is never archived).
 * Used by the dead letters (the original archived before its letter), deployment (a fresh archive connected) and
 * the test kit (a history snapshot as complete as TICKETING was).
 */
export async function archivedUpTo(
  jsm: JetStreamManager,
  seq: number,
  options: { timeoutMs: number; connected?: boolean },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const archive = await jsm.streams.info(ARCHIVE_STREAM_NAME);
    // `active` is -1 until the mirror's first contact with its origin.
    const connected = !options.connected || (archive.mirror?.active ?? -1) >= 0;
    if (connected && archive.state.last_seq >= seq) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
