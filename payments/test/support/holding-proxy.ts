// A small HTTP proxy between payments and the Stripe fake that holds chosen requests before they reach Stripe: what a
// slow network does to a confirm, which Stripe then runs late, after its caller (the SDK) has given up on it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** When it arrived at the proxy (ms since the epoch). */
  arrivedAt: number;
  /** The fake's HTTP status, once it has answered. */
  status?: number;
}

export interface HoldingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** How many requests are held now. */
  heldCount(): number;
  /** Sends every held request on to the fake; resolves once the fake has answered them all. */
  releaseHeld(): Promise<void>;
  close(): Promise<void>;
}

export interface HoldingProxyOptions {
  /** Which requests to hold until releaseHeld(). */
  hold: (req: ProxiedRequest) => boolean;
  /** Runs before a request that is not held goes on (to order it after another). */
  beforeForward?: (req: ProxiedRequest) => Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the proxy on a free loopback port in front of `target` (the fake's URL). */
export async function startHoldingProxy(target: string, options: HoldingProxyOptions): Promise<HoldingProxy> {
  const requests: ProxiedRequest[] = [];
  const held: Array<() => Promise<void>> = [];
  const server = createServer((req, res) => {
    const seen: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '').split('?')[0] ?? '',
      arrivedAt: Date.now(),
    };
    requests.push(seen);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
    }
    // The body is read at once: a held request's caller may hang up before it is sent on.
    const body = bodyOf(req);
    const forward = async (): Promise<void> => {
      const payload = await body;
      const answer = await fetch(`${target}${req.url ?? ''}`, {
        method: seen.method,
        headers,
        ...(payload.length > 0 && { body: payload }),
      });
      const text = await answer.text();
      seen.status = answer.status;
      // The caller may have given up meanwhile (its timeout): Stripe ran the request all the same.
      if (!res.destroyed) {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      }
    };
    if (options.hold(seen)) {
      held.push(forward);
      return;
    }
    void (options.beforeForward?.(seen) ?? Promise.resolve()).then(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    heldCount: () => held.length,
    releaseHeld: () => Promise.all(held.splice(0).map((send) => send())).then(() => undefined),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
