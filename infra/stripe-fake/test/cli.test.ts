// The built CLI (`tsc -b` first: it runs dist/cli.js, as npm start does): JSON log lines, and a clean exit on the
// signals an orchestrator or Ctrl-C sends.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { payOrder } from './support/payment-calls';
import { newKey, newOrderId, stripeAt } from './support/stripe-client';
import { startWebhookReceiver } from './support/webhook-receiver';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

interface Started {
  url: string;
  lines: () => Array<Record<string, unknown>>;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

function startCli(args: string[]): Promise<Started> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -b infra/stripe-fake\` first`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return new Promise<Started>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = lines().find((line) => typeof line['url'] === 'string');
      if (listening !== undefined) {
        resolve({
          url: String(listening['url']),
          lines,
          stop: async (signal) => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`the CLI exited with ${String(code)} before listening:\n${output}`)));
  });
}

describe('cli', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('When it gets %s, then it stops and exits 0', async (signal) => {
    const cli = await startCli(['--port', '0']);
    const health = await fetch(`${cli.url}/healthz`);

    const code = await cli.stop(signal);

    expect(health.status).toBe(200);
    expect(code).toBe(0);
    expect(cli.lines().map((line) => line['msg'])).toEqual(expect.arrayContaining(['request', 'stopping']));
    expect(cli.lines().every((line) => line['name'] === 'stripe-fake')).toBe(true);
  });

  test('When the port is not a number, then it exits 2 naming the argument', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(2);
    expect(output).toContain('port');
  });

  test('When started with webhook flags, then a payment sends a signed payment_intent.succeeded to --webhook-url', async () => {
    const receiver = await startWebhookReceiver();
    const secret = 'whsec_cliTestSecret';
    const cli = await startCli(['--port', '0', '--webhook-url', receiver.url, '--webhook-secret', secret]);
    try {
      const stripe = stripeAt(cli.url);
      const intent = await payOrder(stripe, {
        orderId: newOrderId(),
        amount: 2000,
        paymentMethod: 'pm_card_visa',
        idempotencyKey: newKey('pay'),
      });

      const [received] = await receiver.waitFor(1);
      const event = stripe.webhooks.constructEvent(received?.rawBody ?? '', received?.signature ?? '', secret);

      expect(event).toMatchObject({ type: 'payment_intent.succeeded', data: { object: { id: intent.id } } });
      expect(cli.lines().find((line) => line['webhookUrl'] !== undefined)?.['webhookUrl']).toBe(receiver.url);
    } finally {
      await cli.stop('SIGTERM');
      await receiver.close();
    }
  });

  test('When a webhook URL comes without its secret, then it exits 2 naming the secret', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--connect-webhook-url', 'http://127.0.0.1:1/hook'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STRIPE_CONNECT_WEBHOOK_SECRET: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(2);
    expect(output).toContain('connect-webhook-secret');
  });
});
