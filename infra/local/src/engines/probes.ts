// Readiness probes that speak just enough of each protocol to know the engine answers, without client libraries:
// the launcher has no runtime dependency on a MongoDB, NATS or Redis client.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const PROBE_TIMEOUT_MS = 2_000;

/** Sends `request` to 127.0.0.1:`port` and resolves whether the bytes received satisfy `answered` in time. */
function exchange(port: number, request: Buffer, answered: (received: Buffer) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.on('error', () => done(false));
    socket.on('close', () => done(answered(received)));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (answered(received)) done(true);
    });
  });
}

/** `ping` as a MongoDB OP_MSG; true once the reply to our request carries `ok: 1.0`. */
export function mongoPing(port: number): Promise<boolean> {
  const requestId = Math.floor(Math.random() * 0x7fffffff);
  const body = bsonDocument([
    [0x10, 'ping', int32(1)],
    [0x02, '$db', bsonString('admin')],
  ]);
  const header = Buffer.alloc(16);
  const flagsAndKind = Buffer.from([0, 0, 0, 0, 0]); // flagBits = 0, section kind 0 (body)
  header.writeInt32LE(16 + flagsAndKind.length + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  const okTrue = Buffer.concat([Buffer.from([0x01]), Buffer.from('ok\0'), doubleLE(1)]);
  return exchange(port, Buffer.concat([header, flagsAndKind, body]), (reply) => {
    if (reply.length < 16 || reply.length < reply.readInt32LE(0)) return false;
    return reply.readInt32LE(8) === requestId && reply.readInt32LE(12) === 2013 && reply.includes(okTrue);
  });
}

/** Redis `AUTH` (when a password is given) then `PING`; true on `+PONG` (a refused AUTH never gets one). */
export function redisPing(port: number, password?: string): Promise<boolean> {
  // RESP arrays, not inline commands: a password may hold any character.
  const command = (...args: string[]): string =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const request = (password === undefined ? '' : command('AUTH', password)) + command('PING');
  return exchange(port, Buffer.from(request), (reply) => reply.toString('latin1').includes('+PONG'));
}

/** GET `url`; true on HTTP 200. */
export function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: PROBE_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** GET `url` and parse its JSON body; undefined on any failure (not answering, not 200, not JSON). */
export function httpJson(url: string): Promise<unknown> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: PROBE_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          resolve(response.statusCode === 200 ? (JSON.parse(body) as unknown) : undefined);
        } catch {
          resolve(undefined);
        }
      });
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/**
 * Whether process `pid` itself holds the socket listening on `port`. A free port picked by one launcher can be picked
 * by another launcher a moment later; then our engine fails to bind while the other one answers the probe on the same
 * port. Reading /proc tells the two apart. Where /proc is missing (not Linux) it answers true.
 */
export function listensOn(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  let sawProc = false;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
      sawProc = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      if (state === '0A' && local?.endsWith(`:${hexPort}`) && inode) inodes.add(inode);
    }
  }
  if (!sawProc) return true;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

// Ports handed out by this process: the kernel may offer a just-closed port again, and two engines started together
// must not be given the same one.
const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick for port 0), never the same twice in this
 * process. Another process can still take it before the engine binds it; the start functions then retry on a new one.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await kernelPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('could not pick a free port');
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}

function doubleLE(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleLE(value);
  return buffer;
}

function bsonString(value: string): Buffer {
  const bytes = Buffer.from(`${value}\0`, 'utf8');
  return Buffer.concat([int32(bytes.length), bytes]);
}

function bsonDocument(elements: Array<[number, string, Buffer]>): Buffer {
  const content = Buffer.concat(
    elements.map(([type, key, value]) => Buffer.concat([Buffer.from([type]), Buffer.from(`${key}\0`), value])),
  );
  return Buffer.concat([int32(4 + content.length + 1), content, Buffer.from([0])]);
}
