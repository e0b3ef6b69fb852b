import { spawn, type ChildProcess } from 'node:child_process';
import { busLoginEnv, busServiceOf } from './bus-credentials';
import { TEST_ETICKET_PRIVATE_KEY } from './eticket-key';
import { TEST_QUEUE_PASS_KEY } from './queue-pass-key';
import { eventually } from './eventually';
import { freePort } from './free-port';

/** A service running as a child process, the way it runs in production (`node dist/index.js`). */
export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Everything it printed (JSON log lines), for assertions and for debugging a failed test. */
  output(): string;
  /** SIGKILL: dies at once, between any two instructions (crash tests). Resolves when it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code (graceful shutdown tests). */
  stop(): Promise<number | null>;
  /** Starts it again with the same port and environment, and waits until ready. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node <entry>` with `env` (plus PORT) and waits until its `/readyz` answers 200. Use several for replicas.
 * A service's process (named `orders`, `orders-2`…) given a NATS_URL but no NATS_USER gets its own user on the test
 * servers (busLoginEnv), so that it runs with exactly the bus rights it has in production.
 * Every process started here is SIGKILLed when the test process exits, whatever happened in the test.
 */
export async function startServiceProcess(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  port?: number;
  readyTimeoutMs?: number;
  /** Node's own flags before the entry (a benchmark's `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeFlags?: string[];
}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const service = busServiceOf(options.name);
  const login = service && options.env.NATS_URL && !options.env.NATS_USER ? busLoginEnv(service) : {};
  let child: ChildProcess;
  let out = '';

  async function launch(): Promise<void> {
    child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.entry], {
      env: {
        PATH: process.env.PATH ?? '',
        ...login,
        // The harness's Redis (the session deny-list every service with user routes needs), unless the test names one.
        ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }),
        // Orders' e-ticket key (the test kit's), unless the test names one; only orders signs e-tickets.
        ...(service === 'orders' && { ETICKET_PRIVATE_KEY: TEST_ETICKET_PRIVATE_KEY }),
        // The waiting room's pass key (the test kit's), unless the test names one: queue signs, orders verifies.
        QUEUE_PASS_KEY: TEST_QUEUE_PASS_KEY,
        ...options.env,
        PORT: String(port),
        LOG_LEVEL: options.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${options.name} exited with ${child.exitCode}:\n${out.slice(-2000)}`);
        const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return res?.status === 200;
      },
      `${options.name} ready on port ${port}`,
      { timeoutMs: options.readyTimeoutMs ?? 30_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}\n--- ${options.name} output ---\n${out.slice(-3000)}`);
    });
  }

  function exited(): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  await launch();
  return {
    name: options.name,
    port,
    url: `http://127.0.0.1:${port}`,
    get pid() {
      return child.pid ?? -1;
    },
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    async stop() {
      child.kill('SIGTERM');
      return exited();
    },
    restart: launch,
  };
}
