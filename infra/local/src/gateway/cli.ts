#!/usr/bin/env node
// The local gateway as a process (npm start runs it as one part among the others): nginx listening on GATEWAY_PORT
// (default 8080) on 127.0.0.1 and routing infra/routes.json to the services' local ports, derived from
// TICKETING_PORT_BASE (see start/ports.ts). nginx writes one JSON line per request to this process's stdout when
// that is a file, a pipe or a terminal (npm start gives every part a log file); its config and pid file are in
// $DATA_DIR/gateway (a temp folder without DATA_DIR). Stops nginx gracefully and exits 0 on SIGINT or SIGTERM; exits 1
// if nginx dies by itself (the launcher then restarts the gateway).
import { fstatSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { z } from 'zod';
import { DEFAULT_GATEWAY_PORT, DEFAULT_PORT_BASE, partPorts, type PortedPart } from '../start/ports';
import { loadRouteTable } from './route-table';
import { startGateway, type RunningGateway } from './start-gateway';

const Env = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_GATEWAY_PORT),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  TICKETING_PORT_BASE: z.coerce.number().int().default(DEFAULT_PORT_BASE),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    process.stderr.write(`gateway: invalid environment:\n${z.prettifyError(parsed.error)}\n`);
    process.exit(1);
  }
  const env = parsed.data;
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'gateway' }, timestamp: pino.stdTimeFunctions.isoTime });
  const { routes } = loadRouteTable();
  const ports = partPorts(env.TICKETING_PORT_BASE);
  const targets: Record<string, string> = {};
  for (const { service } of routes) {
    if (service in ports) targets[service] = `http://127.0.0.1:${ports[service as PortedPart]}`;
  }

  // Signals are handled from the start: nginx answers as soon as it listens, a moment before startGateway resolves,
  // and a SIGTERM in that moment must still end in a graceful stop and exit 0.
  let gateway: RunningGateway | undefined;
  let stopping = false;
  const exitWhenClosed = (running: RunningGateway): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    if (gateway) exitWhenClosed(gateway);
  };
  // `on`, not `once`: the process guard re-raises a signal that nobody else listens to once nginx has stopped.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    gateway = await startGateway({
      port: env.GATEWAY_PORT,
      host: env.GATEWAY_HOST,
      routes,
      targets,
      ...(env.DATA_DIR !== undefined && { dir: path.resolve(env.DATA_DIR, 'gateway') }),
      ...(stdoutHasPath() && { logFile: '/dev/stdout' }),
      log: (line) => logger.info(line),
    });
  } catch (error) {
    // Stopped while starting: the guard has stopped nginx before it was seen ready, which is the stop asked for.
    if (stopping) process.exit(0);
    throw error;
  }
  logger.info({ url: gateway.url, targets, nginxPid: gateway.pid, requestLog: gateway.logFile }, 'gateway listening');
  if (stopping) exitWhenClosed(gateway);
  const { pid } = gateway;
  void gateway.exited.then(() => {
    if (stopping) return;
    logger.error({ nginxPid: pid }, 'nginx exited by itself');
    process.exit(1);
  });
}

// nginx opens its log by path, and a socket (what Node's `stdio: 'pipe'` gives a child) cannot be opened by path;
// then the lines go to gateway.log in the gateway's folder, named in the "gateway listening" line.
function stdoutHasPath(): boolean {
  try {
    return !fstatSync(1).isSocket();
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
