// payments as a child process (`node payments/dist/index.js`), the way it runs in production: for tests with several
// replicas and for SIGKILLs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServiceProcess, type ServiceProcess, TEST_JWT_KEY } from '@ticketing/testing';
import { TEST_CONNECT_WEBHOOK_SECRET, TEST_WEBHOOK_SECRET } from './payments-harness';
import { TEST_STRIPE_KEY } from './stripe-fake-probe';

const repoRoot = path.resolve(__dirname, '../../..');

/** Builds payments (and what it references), under a lock: two test files building at once would clash. */
export function buildPayments(): void {
  execFileSync('flock', ['/tmp/ticketing-payments-build.lock', 'npx', 'tsc', '-b', 'payments'], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}

/** One payments replica named `name` (`payments-2`…) on `env`'s database, NATS and Stripe. */
export function startPaymentsProcess(
  name: string,
  env: { MONGO_URI: string; NATS_URL: string; STRIPE_API_URL: string } & Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess({
    name,
    entry: path.join(repoRoot, 'payments/dist/index.js'),
    env: {
      JWT_KEY: TEST_JWT_KEY,
      STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
      STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      STRIPE_CONNECT_WEBHOOK_SECRET: TEST_CONNECT_WEBHOOK_SECRET,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
}
