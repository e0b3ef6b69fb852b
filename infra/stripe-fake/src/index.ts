// Starting and stopping the fake on a port: what the CLI, infra/local and tests call.
import type { AddressInfo } from 'node:net';
import { buildStripeFake, STOP_BACKGROUND, type StripeFakeOptions } from './app';
import type { StripeFakeLogger } from './logger';

export { buildStripeFake, type StripeFakeOptions } from './app';
export { type StripeFakeControls, stripeFakeControls } from './controls-client';
export type { StripeFakeLogger } from './logger';
export type { DeliveryRecord } from './webhooks/dispatcher';
export type { WebhookEndpoint, WebhookSettings, WebhookSettingsPatch } from './webhooks/settings';

export interface StartStripeFakeOptions extends StripeFakeOptions {
  /** 0 (the default) lets the system choose a free port; the chosen one is in the result. */
  port?: number;
  /** Loopback by default: the fake has no real authentication and must not be reachable from elsewhere. */
  host?: string;
  /** Where request lines go; same as `logger`, kept short for callers. */
  log?: StripeFakeLogger;
}

export interface RunningStripeFake {
  /** `http://127.0.0.1:12111`: the value for STRIPE_API_URL. */
  url: string;
  port: number;
  /** Stops accepting connections, ends the idle keep-alive ones the SDK holds, resolves once the server is closed. */
  close(): Promise<void>;
}

/** Listens on host:port with a fresh, empty state; rejects if the port cannot be bound. */
export async function startStripeFake(options: StartStripeFakeOptions = {}): Promise<RunningStripeFake> {
  const { port = 0, host = '127.0.0.1', log, ...appOptions } = options;
  const logger = appOptions.logger ?? log;
  const app = buildStripeFake({ ...appOptions, ...(logger !== undefined && { logger }) });

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      // Webhook retries and scheduled disputes stop with the server: nothing is sent by a closed fake.
      (app.locals[STOP_BACKGROUND] as () => void)();
      server.close((error) => (error ? reject(error) : resolve()));
      // The SDK keeps connections alive between calls; without this, close() would wait for them to time out.
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url: `http://${urlHost}:${bound}`, port: bound, close };
}
