// Starts stripe-mock (Stripe's own mock, which validates every request against Stripe's OpenAPI spec) on a free
// loopback port for one test file, and stops it afterwards. It is a Go program, installed with
// `go install github.com/stripe/stripe-mock@v0.203.0`; tests find it through STRIPE_MOCK_BIN, PATH or Go's bin dir.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const STRIPE_MOCK_INSTALL = 'go install github.com/stripe/stripe-mock@v0.203.0';
const START_TIMEOUT_MS = 15_000;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The stripe-mock binary, or undefined when it is not installed anywhere we look. */
export function findStripeMock(): string | undefined {
  const { STRIPE_MOCK_BIN, PATH = '', GOBIN, GOPATH } = process.env;
  const candidates = [
    STRIPE_MOCK_BIN,
    ...PATH.split(delimiter).map((dir) => join(dir, 'stripe-mock')),
    GOBIN && join(GOBIN, 'stripe-mock'),
    ...(GOPATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'bin', 'stripe-mock')),
    join(homedir(), 'go', 'bin', 'stripe-mock'),
  ];
  return candidates.find((path): path is string => typeof path === 'string' && path !== '' && isExecutable(path));
}

export interface RunningStripeMock {
  url: string;
  stop(): Promise<void>;
}

/** Starts stripe-mock on 127.0.0.1 with system-chosen ports; resolves once it prints the HTTP address. */
export async function startStripeMock(binary: string): Promise<RunningStripeMock> {
  // Both listeners get port 0: by default stripe-mock also opens HTTPS on 12112, which would collide between runs.
  const child: ChildProcess = spawn(binary, ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`stripe-mock did not start in time:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Listening for HTTP at address: (\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stripe-mock exited with ${String(code)} before listening:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });

  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
