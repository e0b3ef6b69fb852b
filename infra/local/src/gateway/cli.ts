#!/usr/bin/env node
// The local gateway as a process (npm start runs it as one part among the others): listens on GATEWAY_PORT
// (default 8080) on 127.0.0.1 and routes infra/routes.json to the services' local ports, derived from
// TICKETING_PORT_BASE (see start/ports.ts). Logs JSON lines (pino) to stdout; stops cleanly on SIGINT or SIGTERM.
import { pino } from 'pino';
import { z } from 'zod';
import { DEFAULT_GATEWAY_PORT, DEFAULT_PORT_BASE, partPorts, type PortedPart } from '../start/ports';
import { loadRouteTable } from './route-table';
import { startGateway } from './start-gateway';

const Env = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_GATEWAY_PORT),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  TICKETING_PORT_BASE: z.coerce.number().int().default(DEFAULT_PORT_BASE),
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

  const gateway = await startGateway({ port: env.GATEWAY_PORT, host: env.GATEWAY_HOST, routes, targets, logger });
  logger.info({ url: gateway.url, targets }, 'gateway listening');

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
