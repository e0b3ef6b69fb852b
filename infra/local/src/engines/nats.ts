import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOrCreateBusCredentials } from '../bus/credentials-file';
import { localNatsConfig, type BusCredentials } from '../bus/nats-config';
import { spawnEngine, type EngineProcess } from './engine-process';
import { ensureEngines } from './ensure';
import { httpOk } from './probes';
import type { NatsHandle, StartNatsOptions } from './types';
import { waitReady } from './wait-ready';

interface PortsFile {
  nats?: string[];
  monitoring?: string[];
}

/**
 * Starts nats-server with JetStream (file store under `dataDir`) on 127.0.0.1, with authentication and the
 * per-service permissions of DESIGN §10 (`credentials`, or those kept in `<dataDir>/bus-credentials.json`, made on
 * first use, so a restart on the same dir keeps them): anonymous connections are refused. Without `port` the server picks its
 * own free ports (`-1`) and reports them in a ports file, as nats.js's test launcher does, so two servers never
 * collide. Resolves once the monitoring endpoint reports JetStream healthy.
 *
 * The process is guarded like every engine (stopped on exit, on SIGINT/SIGTERM and by the reaper if this process is
 * SIGKILLed). `stop()` sends SIGTERM, then SIGKILL after 10 s, and resolves when it has exited.
 *
 * @throws EngineStartError when it exits or does not answer within `readyTimeoutMs`, with its last output lines.
 */
export async function startNats(options: StartNatsOptions): Promise<NatsHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const bin = options.bin ?? (await ensureEngines({ log: options.log, only: ['nats'] })).natsServer;
  const credentials =
    options.credentials ?? (await loadOrCreateBusCredentials(path.join(dataDir, 'bus-credentials.json')));

  const server = await spawnNatsServer({ bin, dataDir, port: options.port, config: localNatsConfig(credentials) });
  const handle = await natsServerReady(
    server,
    credentials,
    (monitorUrl) => httpOk(`${monitorUrl}/healthz?js-enabled-only=true`),
    options.readyTimeoutMs,
  );
  options.log?.(`nats-server started at ${handle.url} (pid ${handle.pid})`);
  return handle;
}

/** A nats-server just spawned: its process, and where it will write its ports. */
export interface SpawnedNatsServer {
  readonly proc: EngineProcess;
  readonly dataDir: string;
  readonly portsFile: string;
}

/** The config file a server reads (`-c`): its users and permissions, and a cluster node's routes. */
export const NATS_CONFIG_FILE = 'nats.conf';

/**
 * Spawns `nats-server -js` on 127.0.0.1 with its store and log in `dataDir` (which must exist), client and monitoring
 * ports picked by the server unless `port` is given, `config` written to `<dataDir>/nats.conf` (0600: it holds the
 * passwords) and read first, and `extraArgs` after ours (a cluster node's name).
 */
export async function spawnNatsServer(options: {
  bin: string;
  dataDir: string;
  config: string;
  port?: number;
  extraArgs?: readonly string[];
}): Promise<SpawnedNatsServer> {
  const { bin, dataDir } = options;
  const configFile = path.join(dataDir, NATS_CONFIG_FILE);
  await writeFile(configFile, options.config, { mode: 0o600 });
  const proc = spawnEngine({
    name: 'nats-server',
    bin,
    cwd: dataDir,
    logFile: path.join(dataDir, 'nats.log'),
    args: [
      '-c',
      configFile,
      '-a',
      '127.0.0.1',
      '-p',
      String(options.port ?? -1),
      '-m',
      '-1',
      '--ports_file_dir',
      dataDir,
      '-js',
      '-sd',
      dataDir,
      ...(options.extraArgs ?? []),
    ],
  });
  // nats-server names the file after its executable and PID, and removes it on a clean exit.
  const portsFile = path.join(dataDir, `${path.basename(bin)}_${proc.pid}.ports`);
  return { proc, dataDir, portsFile };
}

/**
 * Waits until the server has written its ports and `healthy(monitorUrl)` answers true, and returns its handle.
 * @throws EngineStartError when it exits first, or does not answer within `timeoutMs` (then it is stopped).
 */
export async function natsServerReady(
  server: SpawnedNatsServer,
  credentials: BusCredentials,
  healthy: (monitorUrl: string) => Promise<boolean>,
  timeoutMs?: number,
): Promise<NatsHandle> {
  const { proc, dataDir, portsFile } = server;
  let ports: { url: string; monitorUrl: string } | undefined;
  await waitReady(
    proc,
    async () => {
      ports ??= await readPorts(portsFile);
      return ports !== undefined && (await healthy(ports.monitorUrl));
    },
    timeoutMs,
  );
  if (!ports) throw new Error('unreachable: nats-server answered without a ports file');
  return {
    url: ports.url,
    monitorUrl: ports.monitorUrl,
    port: Number(new URL(ports.url).port),
    pid: proc.pid,
    dataDir,
    credentials,
    logFile: proc.logFile,
    stop: proc.stop,
    kill: proc.kill,
  };
}

async function readPorts(file: string): Promise<{ url: string; monitorUrl: string } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as PortsFile;
    const url = parsed.nats?.[0];
    const monitorUrl = parsed.monitoring?.[0];
    return url && monitorUrl ? { url, monitorUrl } : undefined;
  } catch {
    // not written yet, or half-written
    return undefined;
  }
}
