// The local Stripe fake (infra/stripe-fake) as a child process for the benchmarks that pay.
const { spawn } = require('node:child_process');
const { join, resolve } = require('node:path');
const testing = require('../../testing/dist');

const root = resolve(__dirname, '../..');

/** The Stripe fake's CLI on a free port (request lines off); resolves once its /healthz answers. */
async function startFake() {
  const port = await testing.freePort();
  const child = spawn(process.execPath, [join(root, 'infra/stripe-fake/dist/cli.js'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${port}`;
  await testing.eventually(async () => {
    if (child.exitCode !== null) throw new Error(`stripe fake exited with ${child.exitCode}`);
    return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok;
  }, 'stripe fake ready');
  return {
    url,
    stop: () =>
      new Promise((done) =>
        child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')),
      ),
  };
}

/**
 * What payments needs to use the fake started above: its address, a test key, and the two webhook secrets it
 * requires at boot (DESIGN §12; the benches configure no webhook delivery, so payments settles by its own calls).
 */
function paymentsStripeEnv(fakeUrl, secretKey) {
  return {
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_API_URL: fakeUrl,
    STRIPE_WEBHOOK_SECRET: 'whsec_ticketing_bench_platform',
    STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_ticketing_bench_connect',
  };
}

module.exports = { startFake, paymentsStripeEnv };
