import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSystem, type TicketingSystem } from '@ticketing/local';

/** The whole system (engines, Stripe fake, five services, client, gateway), as `npm start` runs it. */
export interface TestSystem {
  url: string;
  system: TicketingSystem;
  stop(): Promise<void>;
}

/**
 * Starts a private system for one test file on its own data dir and ports (a random port base well away from the
 * defaults, so a developer's `npm start` on 8080 is never touched), and removes the data dir on stop.
 */
export async function startTestSystem(options: { expirationWindowSeconds: number }): Promise<TestSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ticketing-e2e-'));
  const portBase = 20_000 + Math.floor(Math.random() * 2_000) * 10;
  const system = await startSystem({
    dataDir,
    portBase,
    gatewayPort: portBase + 9,
    expirationWindowSeconds: options.expirationWindowSeconds,
    logLevel: 'warn',
    log: process.env.E2E_VERBOSE ? (line: string) => process.stdout.write(`[system] ${line}\n`) : undefined,
  });
  return {
    url: system.url.replace('localhost', '127.0.0.1'),
    system,
    async stop() {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
