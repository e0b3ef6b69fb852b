// The built CLI (`tsc -b` first: it runs dist/cli.js, as npm start does): JSON log lines, and a clean exit on the
// signals an orchestrator or Ctrl-C sends.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

interface Started {
  url: string;
  lines: () => Array<Record<string, unknown>>;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

function startCli(args: string[]): Promise<Started> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -b infra/stripe-fake\` first`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return new Promise<Started>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = lines().find((line) => typeof line['url'] === 'string');
      if (listening !== undefined) {
        resolve({
          url: String(listening['url']),
          lines,
          stop: async (signal) => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`the CLI exited with ${String(code)} before listening:\n${output}`)));
  });
}

describe('cli', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('When it gets %s, then it stops and exits 0', async (signal) => {
    const cli = await startCli(['--port', '0']);
    const health = await fetch(`${cli.url}/healthz`);

    const code = await cli.stop(signal);

    expect(health.status).toBe(200);
    expect(code).toBe(0);
    expect(cli.lines().map((line) => line['msg'])).toEqual(expect.arrayContaining(['request', 'stopping']));
    expect(cli.lines().every((line) => line['name'] === 'stripe-fake')).toBe(true);
  });

  test('When the port is not a number, then it exits 2 naming the argument', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(2);
    expect(output).toContain('port');
  });
});
