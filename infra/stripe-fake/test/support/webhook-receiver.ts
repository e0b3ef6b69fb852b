// A webhook endpoint for tests: an HTTP server on a free loopback port that keeps every delivery (raw body and
// Stripe-Signature header, as a real receiver must verify them) and answers with the status a test chooses.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReceivedWebhook {
  rawBody: string;
  signature: string;
  /** The parsed body: a Stripe Event. */
  event: { id: string; type: string; account?: string; data: { object: Record<string, unknown> } };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status of each next answer, in order; 200 once the list is used up. */
  answers: number[];
  /** When set, every answer waits for it: a slow endpoint. */
  delay: Promise<void> | undefined;
  /** Resolves once `count` deliveries have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: number[] = [];
  let delay: Promise<void> | undefined;
  const server = createServer((req, res) => {
    void readBody(req).then(async (rawBody) => {
      await delay;
      const status = answers.shift() ?? 200;
      received.push({
        rawBody,
        signature: String(req.headers['stripe-signature'] ?? ''),
        event: JSON.parse(rawBody) as ReceivedWebhook['event'],
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    get delay() {
      return delay;
    },
    set delay(value) {
      delay = value;
    },
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    answers,
    async waitFor(count, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await sleep(10);
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
