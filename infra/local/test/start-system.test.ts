// The whole local system, started the way npm start starts it, on a temp data dir and a port base of its own:
// ready, the demo events and their tickets through the gateway, nothing left running after stop, data kept across a restart without
// a second seed, --fresh, and the CLI's one ready line and its stop on SIGINT.
// Needs everything built: `npx tsc -b` and the client's `next build` (npm test and npm start do both).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { portIsFree } from '../src/start/http-probe';
import { PartStartError } from '../src/start/part-process';
import { partPorts } from '../src/start/ports';
import { DEMO_EVENTS, DEMO_TICKETS, demoStartsAt } from '../src/start/seed';
import { startSystem, type TicketingSystem } from '../src/start/start-system';
import { eventually, isAlive } from './helpers';

jest.setTimeout(240_000);

interface Ticket {
  id: string;
  title: string;
  price: number;
  status: string;
}

/** A gateway port and a port base whose ports are all free now (another system may be running on the defaults). */
async function freeSystemPorts(): Promise<{ gatewayPort: number; portBase: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const portBase = 20_000 + Math.floor(Math.random() * 300) * 10;
    const gatewayPort = portBase + 80;
    const ports = [gatewayPort, ...Object.values(partPorts(portBase))];
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return { gatewayPort, portBase };
  }
  throw new Error('no free port base found');
}

/** Signs in through the gateway; the answer's status and body. */
async function signIn(gatewayPort: number, credentials: { email: string; password: string }) {
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/users/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

interface CatalogueEvent {
  id: string;
  title: string;
  venue: string;
  city: string;
  category: string;
  startsAt: string;
  status: string;
  ticketsAvailable: number;
  lowestPrice: number | null;
}

async function listEvents(gatewayPort: number): Promise<CatalogueEvent[]> {
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/events`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: CatalogueEvent[] }).events;
}

async function listTickets(gatewayPort: number): Promise<Ticket[]> {
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/tickets`);
  expect(response.status).toBe(200);
  return (await response.json()) as Ticket[];
}

/**
 * Every live process whose command line or environment names dataDir: the parts (DATA_DIR is in their environment),
 * the MongoDB engine and NATS (their data paths are in their command lines), and any child those start.
 */
function processesOf(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if ((cmdline.includes(dataDir) || environ.includes(`DATA_DIR=${dataDir}\0`)) && isAlive(pid)) pids.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

interface RunningCli {
  pid: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts the CLI as npm start runs it (without the install and build steps) and waits for its ready line. */
async function startCli(dataDir: string, ports: { gatewayPort: number; portBase: number }): Promise<RunningCli> {
  const cli = spawn(process.execPath, [path.join(__dirname, '../dist/start/cli.js')], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports.gatewayPort),
      TICKETING_PORT_BASE: String(ports.portBase),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
  await eventually(() => stdout.includes('\n') || cli.exitCode !== null, 'the ready line', 180_000);
  if (!stdout.includes('\n')) throw new Error(`npm start failed:\n${stderr}`);
  return { pid: cli.pid ?? 0, stdout: () => stdout, stderr: () => stderr, exited };
}

describe('npm start: the whole system', () => {
  let dataDir: string;
  let ports: { gatewayPort: number; portBase: number };
  let system: TicketingSystem | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ticketing-start-'));
    ports = await freeSystemPorts();
  });
  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('When started on an empty data dir, then every part is ready and the gateway lists the four demo events with their tickets; stop() leaves nothing running', async () => {
    const lines: string[] = [];

    system = await startSystem({ dataDir, ...ports, expirationWindowSeconds: 60, log: (line) => lines.push(line) });
    const tickets = await listTickets(ports.gatewayPort);
    // The events' listing summaries follow their tickets' events within about a second (DESIGN §12).
    let events: CatalogueEvent[] = [];
    await eventually(async () => {
      events = await listEvents(ports.gatewayPort);
      return events.length === 4 && events.every((event) => event.ticketsAvailable === 1);
    }, 'the demo events with their tickets counted');
    const mark = JSON.parse(readFileSync(path.join(dataDir, 'seeded.json'), 'utf8')) as {
      seededAt: string;
      eventIds: string[];
    };
    const home = await fetch(`${system.url}/`);
    const admin = await signIn(ports.gatewayPort, system.admin);
    const family = new Set([...system.parts.map((part) => part.pid), ...processesOf(dataDir)]);
    await system.stop();

    expect(system.url).toBe(`http://localhost:${ports.gatewayPort}`);
    expect(system.seed).toBe('seeded');
    expect(tickets.map(({ title, price, status }) => ({ title, price, status }))).toEqual(
      DEMO_TICKETS.map(({ title, price }) => ({ title, price, status: 'available' })),
    );
    expect(
      events.map(({ title, venue, city, category, startsAt, status, lowestPrice }) => ({
        title,
        venue,
        city,
        category,
        startsAt,
        status,
        lowestPrice,
      })),
    ).toEqual(
      DEMO_EVENTS.map((event) => ({
        title: event.title,
        venue: event.venue,
        city: event.city,
        category: event.category,
        startsAt: demoStartsAt(event, new Date(mark.seededAt)),
        status: 'scheduled',
        lowestPrice: event.ticket.price,
      })),
    );
    expect(events.map((event) => event.id)).toEqual(mark.eventIds);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Classical Concert');
    expect(system.parts.map((part) => part.name).sort()).toEqual([
      'auth',
      'client',
      'expiration',
      'gateway',
      'mongo',
      'nats',
      'orders',
      'payments',
      'queue',
      'redis',
      'stripe-fake',
      'tickets',
    ]);
    expect(lines).toContain(`logs: ${dataDir}/logs/<part>.log`);
    // The Redis URL carries its password: the "redis ready at" line printed it before the lines were filtered.
    const redisPassword = new URL(system.parts.find((part) => part.name === 'redis')?.url ?? '').password;
    expect(redisPassword).not.toBe('');
    expect(lines.some((line) => line.startsWith('redis ready at redis://127.0.0.1:'))).toBe(true);
    expect(lines.filter((line) => line.includes(redisPassword))).toEqual([]);
    expect(lines.some((line) => line.includes('demo-seller@ticketing.dev (password: ticketing-demo)'))).toBe(true);
    // The seeded admin (DESIGN §12 "Roles"): a generated password, shown once, kept in the data dir for the user only.
    expect(admin).toEqual({
      status: 200,
      body: { id: expect.any(String), email: 'admin@ticketing.dev', roles: ['admin'] },
    });
    expect(system.admin.passwordFile).toBe(path.join(dataDir, 'admin.json'));
    expect(statSync(path.join(dataDir, 'admin.json')).mode & 0o777).toBe(0o600);
    expect(lines.filter((line) => line.includes(system?.admin.password ?? '?'))).toHaveLength(1);
    expect(family.size).toBeGreaterThanOrEqual(11);
    expect([...family].filter(isAlive)).toEqual([]);
    expect(processesOf(dataDir)).toEqual([]);
    expect(readdirSync(dataDir)).not.toContain('ticketing.pid');
  });

  test('When started again on the same data dir, then the events and tickets are still there and not added again', async () => {
    const before = JSON.parse(readFileSync(path.join(dataDir, 'seeded.json'), 'utf8')) as {
      eventIds: string[];
      ticketIds: string[];
    };
    const { password } = JSON.parse(readFileSync(path.join(dataDir, 'admin.json'), 'utf8')) as { password: string };
    const lines: string[] = [];

    system = await startSystem({ dataDir, ...ports, log: (line) => lines.push(line) });
    const tickets = await listTickets(ports.gatewayPort);
    const events = await listEvents(ports.gatewayPort);
    const admin = await signIn(ports.gatewayPort, { email: 'admin@ticketing.dev', password });

    expect(system.seed).toBe('already-seeded');
    expect(tickets.map((ticket) => ticket.id).sort()).toEqual([...before.ticketIds].sort());
    // The same admin and password, not printed again: where it is kept is.
    expect(admin).toMatchObject({ status: 200, body: { roles: ['admin'] } });
    expect(lines.filter((line) => line.includes(password))).toEqual([]);
    expect(lines).toContain(`admin: admin@ticketing.dev, password kept in ${path.join(dataDir, 'admin.json')}`);
    expect(events.map((event) => event.id)).toEqual(before.eventIds);
  });

  test('When started with fresh, then the old store is gone and the four demo events and tickets are added anew', async () => {
    const before = JSON.parse(readFileSync(path.join(dataDir, 'seeded.json'), 'utf8')) as { ticketIds: string[] };

    system = await startSystem({ dataDir, ...ports, fresh: true });
    const tickets = await listTickets(ports.gatewayPort);

    expect(system.seed).toBe('seeded');
    expect(tickets).toHaveLength(4);
    expect(tickets.filter((ticket) => before.ticketIds.includes(ticket.id))).toEqual([]);
    expect(await listEvents(ports.gatewayPort)).toHaveLength(4);
  });

  test('When a part does not come up, then the start fails naming it, and nothing is left running', async () => {
    // The Stripe fake answers 404 on this path, so it never counts as ready; the deadline leaves the other parts, which
    // take 5-10 s on a loaded 2-core machine, time to come up.
    const failed = await startSystem({
      dataDir,
      ...ports,
      probePaths: { 'stripe-fake': '/not-a-probe' },
      readyTimeoutMs: 25_000,
    }).catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(PartStartError);
    expect((failed as Error).message).toMatch(/^stripe-fake did not answer GET \/not-a-probe with 200 within 25 s/);
    await eventually(() => processesOf(dataDir).length === 0, 'no process of the system left', 5_000);
    expect(existsSync(path.join(dataDir, 'ticketing.pid'))).toBe(false);
  });

  test('When the CLI runs, then stdout is the one ready line, and SIGINT stops every process and exits 0', async () => {
    const cli = await startCli(dataDir, ports);

    const tickets = await listTickets(ports.gatewayPort);
    const family = processesOf(dataDir);
    process.kill(cli.pid, 'SIGINT');
    const code = await cli.exited;

    expect(cli.stdout()).toBe(`Ticketing is ready at http://localhost:${ports.gatewayPort}\n`);
    expect(tickets).toHaveLength(4);
    expect(cli.stderr()).toContain(`logs of every part: ${dataDir}/logs/<part>.log`);
    expect(cli.stderr()).toContain('Ticketing stopped');
    expect(code).toBe(0);
    // The front process, the system's process, and the 10 parts that name the data dir (redis-server rewrites its
    // command line and gets no DATA_DIR).
    expect(family.length).toBeGreaterThanOrEqual(12);
    await eventually(() => processesOf(dataDir).length === 0, 'no process of the system left', 5_000);
    // Stopped in order: each service finished its own shutdown (drained the bus, closed the DB) before the engines went.
    for (const service of ['auth', 'tickets', 'orders', 'expiration', 'payments']) {
      const lastLine = readFileSync(path.join(dataDir, 'logs', `${service}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .pop();
      expect({ service, lastLine }).toEqual({ service, lastLine: expect.stringContaining('"msg":"stopped"') });
    }
  });

  test('When the front process is killed with SIGKILL, then the system stops itself', async () => {
    const cli = await startCli(dataDir, ports);
    const family = processesOf(dataDir).filter((pid) => pid !== cli.pid);

    process.kill(cli.pid, 'SIGKILL');

    await eventually(() => family.every((pid) => !isAlive(pid)), 'every process of the system gone', 30_000);
    expect(existsSync(path.join(dataDir, 'ticketing.pid'))).toBe(false);
  });

  test('When the process that runs the system is killed with SIGKILL, then the reaper stops every part, and the next start takes over', async () => {
    const cli = await startCli(dataDir, ports);
    const family = processesOf(dataDir).filter((pid) => pid !== cli.pid);
    const systemPid = (JSON.parse(readFileSync(path.join(dataDir, 'ticketing.pid'), 'utf8')) as { pid: number }).pid;

    process.kill(systemPid, 'SIGKILL');
    const code = await cli.exited;
    await eventually(() => family.every((pid) => !isAlive(pid)), 'every part gone', 30_000);
    system = await startSystem({ dataDir, ...ports });

    expect(code).toBe(1);
    expect(system.seed).toBe('already-seeded');
    expect(await listTickets(ports.gatewayPort)).toHaveLength(4);
  });
});
