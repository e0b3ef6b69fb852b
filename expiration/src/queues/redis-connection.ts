import { Redis } from 'ioredis';
import type { Logger } from '@ticketing/common';

/**
 * The service's one ioredis connection, shared by the queue and the worker (the worker duplicates it for its
 * blocking reads). `maxRetriesPerRequest: null` is what BullMQ requires of a worker's connection: a command waits
 * for the reconnect instead of failing after 20 retries, so a Redis restart never loses the worker's loop.
 * It reconnects forever; `/readyz` reports its status meanwhile.
 */
export function createRedisConnection(url: string, log: Logger): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'expiration' });
  let lastError = '';
  connection.on('error', (err: Error) => {
    // ioredis emits one error per failed reconnect attempt; log each distinct one, not every 2 s.
    if (err.message !== lastError) log.warn({ err }, 'redis connection error');
    lastError = err.message;
  });
  connection.on('ready', () => {
    if (lastError) log.info('redis connection ready again');
    lastError = '';
  });
  return connection;
}

/** True when the connection is up and Redis answers PING within `timeoutMs` (a hung server is not ready). */
export async function isRedisReady(connection: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (connection.status !== 'ready') return false;
  const pong = await withDeadline(connection.ping(), timeoutMs, 'redis PING').catch(() => undefined);
  return pong === 'PONG';
}

/**
 * Resolves once the connection is ready, or throws after `timeoutMs`. Used before a queue command so that, while
 * Redis is down, a listener fails within its ack wait (and the message is redelivered with backoff) instead of
 * leaving the command parked in ioredis's offline queue.
 */
export async function whenRedisReady(connection: Redis, timeoutMs: number): Promise<void> {
  if (connection.status === 'ready') return;
  await withDeadline(nextReady(connection), timeoutMs, 'redis connection');
}

// One 'ready' listener per connection, shared by every waiting handler (not one each: Node warns past 10 listeners).
const readyWaits = new WeakMap<Redis, Promise<void>>();

function nextReady(connection: Redis): Promise<void> {
  let wait = readyWaits.get(connection);
  if (!wait) {
    wait = new Promise<void>((resolve) => {
      connection.once('ready', () => {
        readyWaits.delete(connection);
        resolve();
      });
    });
    readyWaits.set(connection, wait);
  }
  return wait;
}

/** `promise`, or a rejection naming `what` once `ms` have passed (the promise itself is not cancelled). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
