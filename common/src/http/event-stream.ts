import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import { ServiceUnavailableError, TooManyRequestsError } from '../errors';
import { clientAddressKey } from './client-address';

/** Options of {@link createEventStream}. */
export interface EventStreamOptions<Audience = unknown> {
  /**
   * Open streams one process keeps at most (default 500). Each holds a socket and its buffers; past the bound a new
   * one is refused with 503 and Retry-After, and the browser falls back to polling.
   */
  maxClients?: number;
  /**
   * Open streams one client keeps at most in this process (default 10: a few tabs and their reconnects). A client is
   * its signed-in user, or else its address (clientAddressKey: an IPv6 /64). Past the bound its next stream is refused
   * with 429 and Retry-After, so that one client's idle connections cannot use up `maxClients` for everyone.
   */
  maxClientsPerClient?: number;
  /**
   * A stream nothing was written to for this long (default 15 s) gets a comment line, so that proxies, which close a
   * connection silent for their read timeout (ingress-nginx: 60 s), keep it, and so that a dead client is noticed by
   * a failed write. Checked ten times per period: a stream is quiet for at most 1.1 periods.
   */
  heartbeatMs?: number;
  /** The reconnection delay advised to EventSource (`retry:`), default 3 s. */
  retryMs?: number;
  /**
   * A client that reads slower than events come (its unsent output above this many bytes, default 256 KiB) is
   * dropped rather than buffered without bound; EventSource reconnects and catches up.
   */
  maxBufferedBytes?: number;
  /**
   * A string naming an audience, for {@link EventStream.sendTo}: the streams are indexed by it, so that a feed
   * sending each of many audiences its own event costs per stream reached, not per stream open.
   */
  audienceKey?: (audience: Audience) => string;
}

/** A set of open Server-Sent Events streams, each with its audience (who it is for). Create with {@link createEventStream}. */
export interface EventStream<Audience> {
  /**
   * An Express handler that opens a stream for the request: `text/event-stream`, no caching, no proxy buffering
   * (`X-Accel-Buffering: no`, honoured by ingress-nginx and nginx), the `retry:` advice, then heartbeats until the
   * client goes away, which removes it. `audience(req)` runs first (after the route's auth) and may throw an AppError.
   * Answers 429 (with Retry-After) when the client (its user, or else its address) has `maxClientsPerClient` streams
   * open, 503 (with Retry-After) when `maxClients` streams are open or the stream set is closed.
   */
  handler(audience: (req: Request) => Audience): RequestHandler;
  /**
   * Writes one event (`event: <name>`, `data: <JSON>`) to every open stream whose audience passes `to` (all when it
   * is omitted), and returns to how many. Never throws; a stream that cannot keep up is ended.
   */
  send(name: string, data: unknown, to?: (audience: Audience) => boolean): number;
  /**
   * Writes one event to every open stream whose audience's key (the option `audienceKey`) is `key`, and returns to
   * how many, visiting those streams only. Never throws but when the stream set was made without `audienceKey` (a bug).
   */
  sendTo(name: string, data: unknown, key: string): number;
  /** How many streams are open. */
  readonly size: number;
  /**
   * Ends every open stream and refuses new ones. Call it when the service stops taking requests: an open stream
   * would otherwise keep `server.close()` waiting until the shutdown deadline. Idempotent.
   */
  close(): void;
}

interface Client<Audience> {
  res: Response;
  audience: Audience;
  /** Who opened it, for the per-client bound: `user:<id>` or `address:<clientAddressKey>`. */
  key: string;
  /** When something was last written to it (ms since the epoch): a stream that has events needs no heartbeat. */
  lastWriteAt: number;
}

/** How many times per heartbeat period the quiet streams are looked for. */
const HEARTBEAT_CHECKS = 10;

/**
 * Writes one pass of heartbeats makes before it lets the event loop run what waits. A comment to each of thousands
 * of streams in one turn (a socket write each) held a queue replica's loop while every request arriving meanwhile
 * waited (bench/RESULTS.md, the on-sale).
 */
const HEARTBEATS_PER_TURN = 250;

/** One Server-Sent Event as written: its name and its data as JSON. */
function eventChunk(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The client a stream is counted against: its signed-in user, else its address (IPv6 by its /64). */
function clientOf(req: Request): string {
  return req.currentUser ? `user:${req.currentUser.id}` : `address:${clientAddressKey(req.ip)}`;
}

/**
 * The Server-Sent Events plumbing both live feeds share (tickets' and orders'): what to write, how to keep the
 * connection alive through proxies, and when to let go of a client. It holds no I/O of its own besides the
 * responses it is handed, and one heartbeat timer while any stream is open.
 */
export function createEventStream<Audience = undefined>(
  options: EventStreamOptions<Audience> = {},
): EventStream<Audience> {
  const maxClients = options.maxClients ?? 500;
  const maxClientsPerClient = options.maxClientsPerClient ?? 10;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 3_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;
  const clients = new Set<Client<Audience>>();
  const openPerClient = new Map<string, number>();
  const { audienceKey } = options;
  const byAudience = new Map<string, Set<Client<Audience>>>();
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  const drop = (client: Client<Audience>): void => {
    if (!clients.delete(client)) return;
    if (audienceKey) {
      const key = audienceKey(client.audience);
      const same = byAudience.get(key);
      same?.delete(client);
      if (same?.size === 0) byAudience.delete(key);
    }
    const open = (openPerClient.get(client.key) ?? 1) - 1;
    if (open > 0) openPerClient.set(client.key, open);
    else openPerClient.delete(client.key);
    if (!client.res.writableEnded) client.res.end();
    if (clients.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  const write = (client: Client<Audience>, chunk: string): boolean => {
    if (client.res.writableLength > maxBufferedBytes) {
      drop(client);
      return false;
    }
    client.res.write(chunk);
    client.lastWriteAt = Date.now();
    return true;
  };

  // Only the streams quiet for a period get a comment, so a stream with events costs nothing here, and streams
  // opened over a minute get theirs spread over a minute rather than all at one tick.
  let beating = false;
  const beatQuietStreams = async (): Promise<void> => {
    if (beating) return;
    beating = true;
    try {
      const quietSince = Date.now() - heartbeatMs;
      let written = 0;
      for (const client of clients) {
        if (client.lastWriteAt > quietSince) continue;
        write(client, ': heartbeat\n\n');
        if (++written % HEARTBEATS_PER_TURN === 0) await yieldToLoop();
      }
    } finally {
      beating = false;
    }
  };

  const startHeartbeat = (): void => {
    heartbeat ??= setInterval(() => void beatQuietStreams(), Math.max(1, Math.floor(heartbeatMs / HEARTBEAT_CHECKS)));
    // A heartbeat alone must not keep the process alive after everything else has stopped.
    heartbeat.unref();
  };

  return {
    handler(audience) {
      return (req, res) => {
        // Ten reconnection delays: a refused page polls meanwhile, and trying again sooner would find it as full.
        const retryAfterSeconds = Math.ceil(retryMs / 1000) * 10;
        if (closed || clients.size >= maxClients) {
          throw new ServiceUnavailableError('Live updates are not available right now', { retryAfterSeconds });
        }
        const key = clientOf(req);
        const open = openPerClient.get(key) ?? 0;
        if (open >= maxClientsPerClient) {
          throw new TooManyRequestsError('Too many live update streams open; close some tabs', retryAfterSeconds);
        }
        const client: Client<Audience> = { res, audience: audience(req), key, lastWriteAt: Date.now() };
        res.status(200).set({
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        // The headers, the retry line and whatever the caller sends at once (a feed's first status) leave in one
        // write: corked until the next tick, rather than flushing the headers on their own (a burst of opens spent
        // its time in those small writes).
        res.cork();
        process.nextTick(() => res.uncork());
        // The socket may stay quiet for a long time between events: no idle timeout of Node's should cut it.
        req.socket.setTimeout(0);
        clients.add(client);
        if (audienceKey) {
          const key = audienceKey(client.audience);
          byAudience.set(key, (byAudience.get(key) ?? new Set()).add(client));
        }
        openPerClient.set(key, open + 1);
        startHeartbeat();
        res.write(`retry: ${retryMs}\n\n`);
        res.on('close', () => drop(client));
      };
    },
    send(name, data, to) {
      const chunk = eventChunk(name, data);
      let sent = 0;
      for (const client of [...clients]) {
        if (to && !to(client.audience)) continue;
        if (write(client, chunk)) sent++;
      }
      return sent;
    },
    sendTo(name, data, key) {
      if (!audienceKey) throw new Error('sendTo needs the audienceKey option of createEventStream');
      const same = byAudience.get(key);
      if (!same) return 0;
      const chunk = eventChunk(name, data);
      let sent = 0;
      for (const client of [...same]) if (write(client, chunk)) sent++;
      return sent;
    },
    get size() {
      return clients.size;
    },
    close() {
      closed = true;
      for (const client of [...clients]) drop(client);
    },
  };
}
