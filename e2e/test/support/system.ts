import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PortInUseError, startSystem, type ClientPayments, type TicketingSystem } from '@ticketing/local';

/** The whole system (engines, Stripe fake, five services, client, gateway), as `npm start` runs it. */
export interface TestSystem {
  url: string;
  /** The Stripe fake's base URL (what the Stripe.js stand-in talks to). */
  stripeApiUrl: string;
  system: TicketingSystem;
  stop(): Promise<void>;
}

/**
 * Starts a private system for one test file on its own data dir and ports (a random port base well away from the
 * defaults, so a developer's `npm start` on 8080 is never touched), and removes the data dir on stop.
 */
export async function startTestSystem(options: {
  expirationWindowSeconds: number;
  /** How the client takes cards; default the local test cards. */
  clientPayments?: ClientPayments;
  /** How far ahead a new event must start (EVENTS_MIN_LEAD_SECONDS); default an hour, as in `npm start`. */
  eventsMinLeadSeconds?: number;
  /** How long after its event a sale is paid out (PAYOUT_DELAY_SECONDS); default payments' day. */
  payoutDelaySeconds?: number;
  /** Variables added to every part's environment (a service's interval, say). */
  env?: Record<string, string>;
  /** Also run Prometheus on the services (`npm start -- --observe`). */
  observe?: boolean;
}): Promise<TestSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ticketing-e2e-'));
  const system = await startOnFreePorts(dataDir, options);
  const stripeFake = system.parts.find((part) => part.name === 'stripe-fake');
  if (!stripeFake) throw new Error('the system has no Stripe fake');
  return {
    url: system.url.replace('localhost', '127.0.0.1'),
    stripeApiUrl: stripeFake.url.replace('localhost', '127.0.0.1'),
    system,
    async stop() {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the system on a random port base, and on another one when a port of that base is taken: `npm test` runs the
 * long fault tests beside the others (scripts/test.sh), so two systems' bases can land on the same port; the start
 * checks every port before it starts anything (PortInUseError), so trying again is clean.
 */
async function startOnFreePorts(
  dataDir: string,
  options: Parameters<typeof startTestSystem>[0],
  attempts = 5,
): Promise<TicketingSystem> {
  // Below the kernel's ephemeral range (32768 and up): a port base there collided with the client side of some
  // other connection, or its TIME_WAIT, about once a run on this machine. The highest port is base + 8111.
  const portBase = 10_000 + Math.floor(Math.random() * 1_400) * 10;
  try {
    return await startSystemOn(dataDir, portBase, options);
  } catch (error) {
    if (!(error instanceof PortInUseError) || attempts <= 1) throw error;
    return startOnFreePorts(dataDir, options, attempts - 1);
  }
}

function startSystemOn(
  dataDir: string,
  portBase: number,
  options: Parameters<typeof startTestSystem>[0],
): Promise<TicketingSystem> {
  return startSystem({
    dataDir,
    portBase,
    gatewayPort: portBase + 9,
    expirationWindowSeconds: options.expirationWindowSeconds,
    ...(options.eventsMinLeadSeconds !== undefined && { eventsMinLeadSeconds: options.eventsMinLeadSeconds }),
    ...(options.clientPayments && { clientPayments: options.clientPayments }),
    ...(options.payoutDelaySeconds !== undefined && { payoutDelaySeconds: options.payoutDelaySeconds }),
    ...(options.observe && { observe: true }),
    // Every test user signs up from 127.0.0.1, and the load tests sign up 100 at once: auth's per-address sign-up
    // throttle (20 an hour by default, tested in auth) would refuse them.
    env: { SIGNUP_MAX_PER_ADDRESS: '10000', ...options.env },
    logLevel: 'warn',
    log: process.env.E2E_VERBOSE ? (line: string) => process.stdout.write(`[system] ${line}\n`) : undefined,
  });
}
