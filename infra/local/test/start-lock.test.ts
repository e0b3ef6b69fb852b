// One npm start per data dir, refused clearly (not with a port error), and --fresh that empties only our own data.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { dataLayout, ensureDataDir, wipeDataDir } from '../src/start/data-dir';
import { acquireRunLock, AlreadyRunningError, processStartTime, readLock } from '../src/start/run-lock';
import { PortInUseError, startSystem } from '../src/start/start-system';
import { isAlive } from './helpers';

const CLI = path.join(__dirname, '../dist/start/cli.js');

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), prefix));
}

/** A live process that is not this one, to hold a lock (as another npm start would). */
function otherProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

async function holdLockWith(dataDir: string, pid: number, url: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const lock = { pid, startTime: processStartTime(pid), url, startedAt: '2025-01-01T00:00:00.000Z' };
  await writeFile(dataLayout(dataDir).lockFile, JSON.stringify(lock));
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start: one per data dir', () => {
  test('When another live npm start holds the data dir, then startSystem refuses with its PID and URL and starts nothing', async () => {
    const dataDir = await tempDir('start-lock-');
    const holder = otherProcess();
    await holdLockWith(dataDir, holder.pid ?? 0, 'http://localhost:8080');

    const refused = await startSystem({ dataDir, gatewayPort: 18_999, portBase: 30_000 }).catch(
      (error: unknown) => error,
    );

    expect(refused).toBeInstanceOf(AlreadyRunningError);
    expect((refused as Error).message).toContain(
      `Ticketing is already running from this data dir (pid ${holder.pid}, http://localhost:8080`,
    );
    expect((refused as Error).message).toContain(`kill -INT ${holder.pid}`);
    // Nothing was created or started: no logs, no engines folder, and the holder's lock is untouched.
    expect((await readdir(dataDir)).sort()).toEqual(['ticketing.pid']);
    expect((await readLock(dataLayout(dataDir).lockFile))?.pid).toBe(holder.pid);
    holder.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  test('When npm start runs while another holds the data dir, then it says so on stderr and exits 1 without a ready line', async () => {
    const dataDir = await tempDir('start-lock-cli-');
    const holder = otherProcess();
    await holdLockWith(dataDir, holder.pid ?? 0, 'http://localhost:18081');

    const result = await run([], { DATA_DIR: dataDir, GATEWAY_PORT: '18081' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Ticketing is already running from this data dir (pid ${holder.pid}, http://localhost:18081`,
    );
    expect(result.stdout).toBe('');
    holder.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  test('When the lock was left by a process that is gone, then it is taken over', async () => {
    const dataDir = await tempDir('start-stale-');
    const gone = otherProcess();
    const gonePid = gone.pid ?? 0;
    await holdLockWith(dataDir, gonePid, 'http://localhost:8080');
    gone.kill('SIGKILL');
    await new Promise((resolve) => gone.once('exit', resolve));

    const lock = await acquireRunLock(dataLayout(dataDir).lockFile, 'http://localhost:8080');
    const holder = await readLock(dataLayout(dataDir).lockFile);
    await lock.release();

    expect(isAlive(gonePid)).toBe(false);
    expect(holder?.pid).toBe(process.pid);
    expect(existsSync(dataLayout(dataDir).lockFile)).toBe(false);
    await rm(dataDir, { recursive: true, force: true });
  });

  test.each([
    ['another program', 404, ''],
    ['another Ticketing (another data dir)', 200, ' by another Ticketing, started with another DATA_DIR'],
  ])(
    'When the gateway port is taken by %s, then the start is refused naming the port and GATEWAY_PORT',
    async (_who, status, by) => {
      const dataDir = await tempDir('start-port-');
      const squatter = http.createServer((_req, res) => res.writeHead(status).end());
      await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
      const port = (squatter.address() as AddressInfo).port;

      const refused = await startSystem({ dataDir, gatewayPort: port, portBase: 30_000 }).catch(
        (error: unknown) => error,
      );

      expect(refused).toBeInstanceOf(PortInUseError);
      expect((refused as Error).message).toBe(
        `port ${port} (the gateway) is already in use${by}. Stop that program, or set GATEWAY_PORT to a free port.`,
      );
      // The lock was released: the next start is not told "already running".
      expect(existsSync(dataLayout(dataDir).lockFile)).toBe(false);
      squatter.closeAllConnections();
      await new Promise((resolve) => squatter.close(resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  );
});

describe('npm start --fresh', () => {
  test('When the data dir is ours, then --fresh empties it except the lock', async () => {
    const layout = dataLayout(await tempDir('start-fresh-'));
    await ensureDataDir(layout);
    await writeFile(path.join(layout.engines.mongo, 'tickets.sqlite'), 'data');
    await writeFile(layout.seedFile, '{}');
    await writeFile(layout.lockFile, '{}');

    await wipeDataDir(layout);

    expect(await readdir(layout.root)).toEqual(['ticketing.pid']);
    await rm(layout.root, { recursive: true, force: true });
  });

  test('When DATA_DIR points at a folder with content that is not ours, then --fresh refuses to empty it', async () => {
    const layout = dataLayout(await tempDir('start-foreign-'));
    await writeFile(path.join(layout.root, 'thesis.tex'), 'years of work');

    const refused = await wipeDataDir(layout).catch((error: unknown) => error);

    expect((refused as Error).message).toMatch(/refusing to empty .* it is not a Ticketing data dir/);
    expect(await readdir(layout.root)).toEqual(['thesis.tex']);
    await rm(layout.root, { recursive: true, force: true });
  });

  test('When the data dir does not exist yet, then --fresh has nothing to do', async () => {
    const layout = dataLayout(path.join(await tempDir('start-none-'), 'not-yet'));

    await expect(wipeDataDir(layout)).resolves.toBeUndefined();
  });
});
