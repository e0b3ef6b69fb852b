// The parts' processes and their supervisor, with a small fake part instead of a real service: environment passed,
// output in the part's log file, readiness by probe, stop by PID, restart after a crash, and giving up.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/engines/probes';
import { httpStatus } from '../src/start/http-probe';
import { PartStartError, startPart, type PartSpec } from '../src/start/part-process';
import { supervise } from '../src/start/supervisor';
import { eventually, isAlive } from './helpers';

// "fake-part" is the mark the reaper looks for in the command line.
const FAKE_PART = `// fake-part
const http = require('node:http');
if (process.env.EXIT_AT_BOOT) { console.error('boom: cannot start'); process.exit(3); }
const server = http.createServer((req, res) => {
  if (req.url === '/readyz') {
    // Dies a moment after it was seen ready, whatever the machine's load: a part that crashes once running.
    if (process.env.DIE_AFTER_READY_MS) setTimeout(() => process.exit(1), Number(process.env.DIE_AFTER_READY_MS));
    return res.end('ok');
  }
  if (req.url === '/env') return res.end(JSON.stringify(process.env));
  res.statusCode = 404;
  res.end();
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('fake part listening on ' + process.env.PORT));
process.on('SIGTERM', () => { console.log('got SIGTERM'); server.close(() => process.exit(0)); });`;

let logDir: string;
beforeAll(async () => {
  logDir = await mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), 'parts-'));
});
afterAll(async () => {
  await rm(logDir, { recursive: true, force: true });
});

async function fakePart(name: string, env: Record<string, string> = {}): Promise<PartSpec> {
  const port = await freePort();
  return {
    name,
    command: process.execPath,
    args: ['-e', FAKE_PART],
    cwd: logDir,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), GREETING: 'hello', ...env },
    port,
    probePath: env.NEVER_READY ? '/never' : '/readyz',
    mark: 'fake-part',
  };
}

describe('a part process', () => {
  test('When started, then it runs with its environment, writes to its log file, and stop() ends it with SIGTERM', async () => {
    const spec = await fakePart('fake-a');
    const logFile = path.join(logDir, 'fake-a.log');

    const part = await startPart(spec, logFile, { readyTimeoutMs: 10_000 });
    const env = (await (await fetch(`http://127.0.0.1:${spec.port}/env`)).json()) as Record<string, string>;
    await part.stop();

    expect(env).toMatchObject({ GREETING: 'hello', PORT: String(spec.port) });
    expect(isAlive(part.pid)).toBe(false);
    expect(await part.exited).toBe('exited with code 0');
    const log = await readFile(logFile, 'utf8');
    expect(log).toMatch(/=== \S+ fake-a: /);
    expect(log).toContain(`fake part listening on ${spec.port}`);
    expect(log).toContain('got SIGTERM');
  });

  test('When it exits before it is ready, then the start fails with its exit code and its last output', async () => {
    const spec = await fakePart('fake-b', { EXIT_AT_BOOT: '1' });

    const failed = await startPart(spec, path.join(logDir, 'fake-b.log'), { readyTimeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );

    expect(failed).toBeInstanceOf(PartStartError);
    expect((failed as Error).message).toMatch(
      /^fake-b exited with code 3 before it was ready \(log: .*fake-b\.log\); its last output:\nboom: cannot start$/,
    );
  });

  test('When it never answers its probe, then the start fails at the deadline and the process is stopped', async () => {
    const spec = await fakePart('fake-c', { NEVER_READY: '1' });

    const failed = await startPart(spec, path.join(logDir, 'fake-c.log'), { readyTimeoutMs: 1_000 }).catch(
      (e: unknown) => e,
    );

    expect((failed as Error).message).toMatch(/^fake-c did not answer GET \/never with 200 within 1 s/);
    // Stopped: nothing answers on its port any more.
    expect(await httpStatus(`http://127.0.0.1:${spec.port}/readyz`)).toBeUndefined();
  });
});

describe('the supervisor', () => {
  test('When a part is killed, then it is started again on the same port and counted as a restart', async () => {
    const spec = await fakePart('fake-d');
    const lines: string[] = [];
    const part = await supervise(
      'fake-d',
      (signal) => startPart(spec, path.join(logDir, 'fake-d.log'), { readyTimeoutMs: 10_000, signal }),
      {
        log: (line) => lines.push(line),
        onGiveUp: () => lines.push('gave up'),
      },
    );
    const firstPid = part.pid;

    process.kill(firstPid, 'SIGKILL');
    await eventually(() => part.pid !== firstPid, 'a new process');
    const answer = await eventually(
      () => httpStatus(`http://127.0.0.1:${spec.port}/readyz`),
      'the new process answers',
    );
    await part.stop();

    expect(answer).toBe(200);
    expect(part.restarts).toBe(1);
    expect(lines[0]).toMatch(/^fake-d was killed by SIGKILL; restarting it \(1\/5\)$/);
    expect(isAlive(firstPid)).toBe(false);
    expect(isAlive(part.pid)).toBe(false);
  });

  test('When a part keeps dying, then it is given up on after the bound and nothing of it is left running', async () => {
    const spec = await fakePart('fake-e', { DIE_AFTER_READY_MS: '300' });
    const pids = new Set<number>();
    let gaveUp = '';
    const part = await supervise(
      'fake-e',
      async (signal) => {
        const proc = await startPart(spec, path.join(logDir, 'fake-e.log'), { readyTimeoutMs: 10_000, signal });
        pids.add(proc.pid);
        return proc;
      },
      { log: () => undefined, maxRestarts: 2, onGiveUp: (_name, reason) => (gaveUp = reason) },
    );

    await eventually(() => gaveUp, 'giving up', 20_000);

    expect(gaveUp).toBe('fake-e exited with code 1');
    expect(pids.size).toBe(3);
    expect([...pids].filter(isAlive)).toEqual([]);
    await part.stop();
  });

  test('When stop() is called while a restart waits, then no new process starts', async () => {
    const spec = await fakePart('fake-f');
    let starts = 0;
    let stopped: Promise<void> | undefined;
    const part = await supervise(
      'fake-f',
      (signal) => {
        starts += 1;
        return startPart(spec, path.join(logDir, 'fake-f.log'), { readyTimeoutMs: 10_000, signal });
      },
      {
        // Called as the restart's backoff begins: stop exactly then.
        log: (line) => {
          if (line.includes('restarting it')) stopped = part.stop();
        },
        onGiveUp: () => undefined,
      },
    );

    process.kill(part.pid, 'SIGKILL');
    await eventually(() => stopped !== undefined, 'stop() called during the backoff');
    await stopped;
    // Longer than the first backoff (0.5 s): a restart that was not cancelled would have begun by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(starts).toBe(1);
    expect(await httpStatus(`http://127.0.0.1:${spec.port}/readyz`)).toBeUndefined();
  });
});
