// A proxy between one payments replica and the Stripe fake that can make the replica die at the worst moment for a
// payout: Stripe has made the transfer (the fake ran the request), and the replica never hears of it. When an armed
// transfer's answer comes back, `onTransferMade` runs (the test SIGKILLs the replica) and the answer is dropped.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KillingProxy {
  url: string;
  /** The next POST /v1/transfers whose form body has `transfer_group=<orderId>` runs `onTransferMade`. */
  arm(orderId: string, onTransferMade: () => Promise<void>): void;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startKillingProxy(target: string): Promise<KillingProxy> {
  let armed: { orderId: string; onTransferMade: () => Promise<void> } | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const payload = await bodyOf(req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
          headers[name] = value;
      }
      const answer = await fetch(`${target}${req.url ?? ''}`, {
        method: req.method ?? 'GET',
        headers,
        ...(payload.length > 0 && { body: payload }),
      });
      const text = await answer.text();
      const trigger = armed;
      const path = (req.url ?? '').split('?')[0];
      if (
        trigger &&
        req.method === 'POST' &&
        path === '/v1/transfers' &&
        new URLSearchParams(payload.toString()).get('transfer_group') === trigger.orderId
      ) {
        armed = undefined;
        await trigger.onTransferMade();
        req.socket.destroy();
        return;
      }
      if (!res.destroyed) {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      }
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arm: (orderId, onTransferMade) => {
      armed = { orderId, onTransferMade };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
