import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { EngineStartError, ensureEngines, startEngines, startRedis, type Engines } from '../src';
import { reaperPid } from '../src/process/process-guard';
import { eventually, isAlive, killZeroError, natsInfo, redisCommand } from './helpers';

const execFileAsync = promisify(execFile);
let workDir: string;
const savedMongoUri = process.env.TEST_MONGO_URI;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), 'launcher-'));
  // The harness exports TEST_MONGO_URI to every test; these tests are about starting the engines ourselves.
  delete process.env.TEST_MONGO_URI;
});

afterAll(async () => {
  if (savedMongoUri !== undefined) process.env.TEST_MONGO_URI = savedMongoUri;
  await rm(workDir, { recursive: true, force: true });
});

async function mongoPing(uri: string): Promise<unknown> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

describe('startEngines', () => {
  test('When the three start, then each answers, and after stop() their PIDs and the reaper are gone', async () => {
    const engines = await startEngines({ dataDir: path.join(workDir, 'one') });
    const reaper = reaperPid();

    const answers = {
      mongo: await mongoPing(engines.mongoUri),
      nats: await natsInfo(engines.natsUrl),
      redis: await redisCommand(engines.redisUrl, 'PING'),
    };
    await engines.stop();

    expect(engines.mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
    expect(answers.mongo).toMatchObject({ ok: 1 });
    expect(answers.nats).toMatchObject({ jetstream: true, port: portOf(engines.natsUrl) });
    expect(answers.redis).toBe('+PONG\r\n');
    const pids = Object.values(engines.pids);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(killZeroError(pid)).toBe('ESRCH');
    expect(reaper).toEqual(expect.any(Number));
    await eventually(() => !isAlive(reaper ?? 0), 'the reaper exits once nothing is left to guard', 5_000);
  });

  test('When two sets run at once, then no two engines share a port', async () => {
    const [first, second] = await Promise.all([
      startEngines({ dataDir: path.join(workDir, 'a') }),
      startEngines({ dataDir: path.join(workDir, 'b') }),
    ]);

    const ports = [first, second].flatMap((e: Engines) => [e.mongoUri, e.natsUrl, e.redisUrl].map(portOf));
    await Promise.all([first.stop(), second.stop()]);

    expect(new Set(ports).size).toBe(6);
  });

  test('When only some engines are asked for and TEST_MONGO_URI is set, then no MongoDB engine is started', async () => {
    process.env.TEST_MONGO_URI = 'mongodb://mongo.example:27017';
    try {
      const engines = await startEngines({ dataDir: path.join(workDir, 'only'), only: ['mongo', 'redis'] });

      const reply = await redisCommand(engines.redisUrl, 'PING');
      await engines.stop();

      expect(engines.mongoUri).toBe('mongodb://mongo.example:27017');
      expect(engines.pids).toEqual({ redis: expect.any(Number) });
      expect('natsUrl' in engines).toBe(false);
      expect(reply).toBe('+PONG\r\n');
    } finally {
      delete process.env.TEST_MONGO_URI;
    }
  });

  test('When the parent process is SIGKILLed, then the reaper stops its engines within seconds', async () => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, 'fixtures/start-engines-child.js'), path.join(workDir, 'orphan')],
      {
        env: { ...process.env, TEST_MONGO_URI: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`child exited with ${code} before printing its PIDs`)));
    });
    const { pids, reaper } = JSON.parse(firstLine) as { pids: Record<string, number>; reaper: number };
    const started = [...Object.values(pids), reaper];
    const aliveBefore = started.every(isAlive);

    child.kill('SIGKILL');
    await eventually(
      () => started.every((pid) => !isAlive(pid)),
      'engines and reaper of the killed parent gone',
      8_000,
    );

    expect(Object.keys(pids).sort()).toEqual(['mongo', 'nats', 'redis']);
    expect(aliveBefore).toBe(true);
  });
});

describe('startRedis', () => {
  test('When a client connects without the password, then Redis refuses it; with the URL it was given, it answers', async () => {
    const redis = await startRedis({ dataDir: path.join(workDir, 'redis-auth') });
    const withoutPassword = `redis://127.0.0.1:${redis.port}`;

    const refused = await redisCommand(withoutPassword, 'PING');
    const wrong = await redisCommand(`redis://:not-the-password@127.0.0.1:${redis.port}`, 'PING');
    const answered = await redisCommand(redis.url, 'PING');
    const commandLine = await execFileAsync('ps', ['-o', 'args=', '-p', String(redis.pid)]);
    await redis.stop();

    expect(redis.url).toMatch(/^redis:\/\/:[\w-]{16,}@127\.0\.0\.1:\d+$/);
    expect(refused).toMatch(/^-NOAUTH/);
    expect(wrong).toMatch(/^-NOAUTH/);
    expect(answered).toBe('+PONG\r\n');
    // The password is read from stdin: `ps` does not show it to other users of the machine.
    expect(commandLine.stdout).not.toContain(new URL(redis.url).password);
  });

  test('When restarted on the same port and dir, then the data written before is still there', async () => {
    const dataDir = path.join(workDir, 'redis-restart');
    const first = await startRedis({ dataDir });
    await redisCommand(first.url, 'SET', 'job:42', 'delayed');
    await first.stop();

    const second = await startRedis({ dataDir, port: first.port });
    const value = await redisCommand(second.url, 'GET', 'job:42');
    await second.stop();

    expect(second.url).toBe(first.url);
    expect(value).toBe('$7\r\ndelayed\r\n');
  });

  test("When its port is taken, then start fails with the engine's own error", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;

    const failure = await startRedis({ dataDir: path.join(workDir, 'redis-busy'), port }).catch((e: unknown) => e);
    blocker.close();

    expect(failure).toBeInstanceOf(EngineStartError);
    expect((failure as EngineStartError).message).toMatch(/redis-server exited .*\n[\s\S]*address already in use/i);
  });

  test('When killed with kill(), then stop() still resolves once it has exited', async () => {
    const redis = await startRedis({ dataDir: path.join(workDir, 'redis-kill') });

    redis.kill();
    await redis.stop();

    expect(killZeroError(redis.pid)).toBe('ESRCH');
  });
});

describe('ensureEngines', () => {
  test('When everything is installed, then a fresh process finds it fast, without apt-get, go or mvn', async () => {
    // Stand-ins for apt-get, sudo, go and mvn that leave a trace if anything calls them.
    const fakeBin = path.join(workDir, 'fake-bin');
    const trace = path.join(workDir, 'installer-called');
    await mkdir(fakeBin, { recursive: true });
    for (const tool of ['apt-get', 'sudo', 'go', 'mvn', 'javac']) {
      await writeFile(path.join(fakeBin, tool), `#!/bin/sh\necho "${tool} $*" >> '${trace}'\nexit 1\n`, {
        mode: 0o755,
      });
    }
    const script =
      `require(${JSON.stringify(path.join(__dirname, '../dist'))}).ensureEngines()` +
      '.then((b) => process.stdout.write(JSON.stringify(b)))';

    const started = Date.now();
    const { stdout } = await execFileAsync(process.execPath, ['-e', script], {
      env: { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    const elapsed = Date.now() - started;

    const binaries = JSON.parse(stdout) as Record<string, unknown>;
    expect(existsSync(trace)).toBe(false);
    expect(elapsed).toBeLessThan(5_000);
    expect(binaries).toEqual({
      mongoEngine: {
        java: expect.stringMatching(/java$/),
        classPath: expect.stringContaining('mongo-engine'),
        mainClass: 'dev.ticketing.mongo.MongoEngine',
      },
      natsServer: expect.stringMatching(/nats-server$/),
      redisServer: expect.stringMatching(/redis-server$/),
      nginx: expect.stringMatching(/nginx$/),
    });
  });

  test('When called again in the same process, then it answers from memory with the same paths', async () => {
    const first = await ensureEngines();

    const started = Date.now();
    const second = await ensureEngines();

    expect(Date.now() - started).toBeLessThan(100);
    expect(second).toEqual(first);
  });
});
