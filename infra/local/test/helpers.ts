// Small raw-protocol helpers, so that the launcher's tests need no NATS or Redis client.
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Alive = signalable and not a zombie (an orphan killed by the reaper may wait a moment to be reaped by init). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The error `process.kill(pid, 0)` throws, or undefined when it does not throw. */
export function killZeroError(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
}

/** Polls `fn` until it returns a truthy value; fails with `name` after `timeoutMs`. */
export async function eventually<T>(fn: () => T | Promise<T>, name: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Reads what the server sends first, or in reply to `request`, until `complete` says the reply is whole. */
function talk(url: string, request: string, complete: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: portOf(url) });
    let text = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no reply from ${url}`)));
    socket.on('error', reject);
    socket.on('connect', () => request && socket.write(request));
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (complete(text)) {
        socket.destroy();
        resolve(text);
      }
    });
  });
}

/**
 * One Redis command in RESP, preceded by AUTH when the URL carries a password (`redis://:<password>@…`); resolves
 * the command's raw reply line(s) (an AUTH refused makes the command's reply `-NOAUTH …`).
 */
export async function redisCommand(url: string, ...args: string[]): Promise<string> {
  const resp = (parts: string[]): string =>
    `*${parts.length}\r\n${parts.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const password = decodeURIComponent(new URL(url).password);
  const authReply = (text: string): number => (password ? text.indexOf('\r\n') + 2 : 0);
  const reply = (text: string): string => text.slice(authReply(text));
  const full = await talk(url, (password ? resp(['AUTH', password]) : '') + resp(args), (text) => {
    if (password && !text.includes('\r\n')) return false;
    const rest = reply(text);
    if (rest.startsWith('$') && !rest.startsWith('$-1')) return rest.split('\r\n').length >= 3;
    return rest.includes('\r\n');
  });
  return reply(full);
}

/** The INFO object a NATS server sends on connect. */
export async function natsInfo(url: string): Promise<{ jetstream?: boolean; port: number }> {
  const text = await talk(url, '', (t) => t.includes('\r\n'));
  return JSON.parse(text.slice('INFO '.length, text.indexOf('\r\n'))) as { jetstream?: boolean; port: number };
}
