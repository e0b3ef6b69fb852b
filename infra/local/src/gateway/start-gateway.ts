import type { AddressInfo } from 'node:net';
import { createGateway, type GatewayOptions } from './create-gateway';

/** Options of {@link startGateway}. */
export interface StartGatewayOptions extends GatewayOptions {
  /** 0 picks a free port (tests); the bound one is in the result. */
  port: number;
  /** Loopback by default: the local system is for this machine only. */
  host?: string;
}

/** A listening gateway. */
export interface RunningGateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, closes idle keep-alive ones, lets requests in flight finish for up to 5 s, then
   * closes whatever is left. Resolves when the server is closed. Idempotent.
   */
  close(): Promise<void>;
}

const CLOSE_DEADLINE_MS = 5_000;

/** Creates the gateway ({@link createGateway}) and listens; rejects when the port cannot be bound (EADDRINUSE). */
export async function startGateway({
  port,
  host = '127.0.0.1',
  ...options
}: StartGatewayOptions): Promise<RunningGateway> {
  const server = createGateway(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_DEADLINE_MS);
      deadline.unref();
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound, close };
}
