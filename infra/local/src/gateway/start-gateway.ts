// The local gateway as a process: Debian's nginx (the proxy ingress-nginx is made of) running the config that
// nginx-config.ts makes from infra/routes.json. Measured against our Node proxy in front of the same service
// (bench/RESULTS.md, issue 13): nginx spends ~50-65 µs of CPU per request, the Node proxy 220-330 µs with keep-alive
// agents (370-520 µs before), on a machine where the proxy shares two cores with the services.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnEngine } from '../engines/engine-process';
import { ensureNginx } from '../engines/nginx-install';
import { listensOn } from '../engines/probes';
import type { LogLine } from '../engines/types';
import { waitReady, withPort } from '../engines/wait-ready';
import { nginxConfig } from './nginx-config';
import type { Route } from './route-table';

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  /** The route table (infra/routes.json); longest matching prefix wins. */
  routes: readonly Route[];
  /** Base URL of each service named in `routes`, e.g. `{ auth: 'http://127.0.0.1:4001' }`. */
  targets: Readonly<Record<string, string>>;
  /** 0 picks a free port (tests); the bound one is in the result. */
  port: number;
  /** Loopback by default: the local system is for this machine only. */
  host?: string;
  /** The gateway's folder (nginx.conf, pid file); default a fresh temp folder, removed by close(). */
  dir?: string;
  /** Where the JSON line of each request and nginx's errors go; default `gateway.log` in `dir`. `/dev/stdout` works. */
  logFile?: string;
  /** The nginx command; found or installed by `ensureNginx` when omitted. */
  bin?: string;
  /** Progress lines (an nginx install). */
  log?: LogLine;
  readyTimeoutMs?: number;
  /** How long a service may take to answer before the gateway answers 504 (nginx-config.ts); 60 s. */
  readTimeoutSeconds?: number;
}

/** A listening gateway. */
export interface RunningGateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The nginx master process. */
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when nginx has exited, for whatever reason (close() or not). */
  readonly exited: Promise<void>;
  /**
   * Stops accepting connections and lets requests in flight finish (nginx's graceful stop) for up to 10 s, then
   * kills it. Resolves when nginx has exited. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Writes the gateway's nginx.conf (nginx-config.ts) and runs nginx on it; resolves once nginx listens on the port.
 * The process is guarded like the engines (stopped on exit, on SIGINT/SIGTERM, and by the reaper if this process is
 * SIGKILLed).
 *
 * @throws Error when a route has no target; EngineStartError (with nginx's last output) when nginx exits or does not
 *   listen in time, e.g. a port already in use.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const bin = options.bin ?? (await ensureNginx(options.log));
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'ticketing-gateway-')));
  await mkdir(dir, { recursive: true });
  const logFile = options.logFile ?? path.join(dir, 'gateway.log');
  const configFile = path.join(dir, 'nginx.conf');

  try {
    return await withPort(options.port === 0 ? undefined : options.port, async (port) => {
      const config = nginxConfig({
        routes: options.routes,
        targets: options.targets,
        host,
        port,
        dir,
        logFile,
        ...(options.readTimeoutSeconds !== undefined && { readTimeoutSeconds: options.readTimeoutSeconds }),
      });
      await writeFile(configFile, config);
      // -e: the error log before the config is read (the compiled-in /var/log/nginx/error.log may not be writable).
      // SIGQUIT is nginx's graceful stop (no new connections, requests in flight finish); SIGTERM would cut them.
      const proc = spawnEngine({
        name: 'nginx',
        bin,
        cwd: dir,
        logFile,
        args: ['-p', dir, '-e', 'stderr', '-c', configFile],
        stopSignal: 'SIGQUIT',
      });
      await waitReady(proc, async () => listensOn(proc.pid, port), options.readyTimeoutMs);

      let closing: Promise<void> | undefined;
      const close = (): Promise<void> => {
        closing ??= (async () => {
          await proc.stop();
          if (ownDir) await rm(dir, { recursive: true, force: true });
        })();
        return closing;
      };
      const shown = host.includes(':') ? `[${host}]` : host;
      return {
        url: `http://${shown}:${port}`,
        port,
        pid: proc.pid,
        logFile,
        exited: proc.exited.then(() => undefined),
        close,
      };
    });
  } catch (error) {
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
