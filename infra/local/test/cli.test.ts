import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually, isAlive, natsInfo, redisCommand } from './helpers';

describe('ticketing-engines engines', () => {
  test('When started, then it prints the URLs as one JSON line, and on SIGTERM it stops every engine and exits 0', async () => {
    const dataDir = await mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), 'cli-'));
    const cli = spawn(process.execPath, [path.join(__dirname, '../dist/cli.js'), 'engines', '--data-dir', dataDir], {
      env: { ...process.env, TEST_MONGO_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    // Everything printed: the JSON line, then the rows a person reads (stdout), and the progress (stderr).
    let out = '';
    let progress = '';
    cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    cli.stderr.on('data', (chunk: Buffer) => (progress += chunk.toString('utf8')));
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    await eventually(() => out.includes('Press Ctrl-C to stop.') || code !== undefined, 'the printed URLs', 60_000);
    const [jsonLine = '', ...rowLines] = out.split('\n');
    const printed = JSON.parse(jsonLine) as {
      mongoUri: string;
      natsUrl: string;
      redisUrl: string;
      pids: Record<string, number>;
    };
    const rows = rowLines.join('\n');
    const answers = [await natsInfo(printed.natsUrl), await redisCommand(printed.redisUrl, 'PING')];

    cli.kill('SIGTERM');
    code = await exited;

    expect(printed.mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(printed.pids).sort()).toEqual(['mongo', 'nats', 'redis']);
    expect(answers).toEqual([expect.objectContaining({ jetstream: true }), '+PONG\r\n']);
    expect(code).toBe(0);
    const redisPassword = new URL(printed.redisUrl).password;
    expect(redisPassword).not.toBe('');
    expect(rows).toMatch(/Redis +redis:\/\/127\.0\.0\.1:\d+/);
    expect(`${rows}${progress}`).not.toContain(redisPassword);
    await eventually(() => Object.values(printed.pids).every((pid) => !isAlive(pid)), 'engines gone', 2_000);
    await rm(dataDir, { recursive: true, force: true });
  });
});
