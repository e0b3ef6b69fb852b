// What the nginx gateway adds to the behaviour gateway.test.ts checks: the config is the route table (pathType
// Prefix, one upstream per service), connections to the services are reused, the caller cannot set X-Real-IP, each
// request is one JSON line, and a stop lets a request in flight finish.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nginxConfig } from '../src/gateway/nginx-config';
import { loadRouteTable } from '../src/gateway/route-table';
import { startGateway } from '../src/gateway/start-gateway';
import { eventually, isAlive } from './helpers';

interface Seen {
  remotePort: number;
  headers: IncomingHttpHeaders;
}

/** An upstream that answers after `delayMs` with what it saw, including the port the gateway connected from. */
async function startUpstream(delayMs = 0): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ remotePort: req.socket.remotePort ?? 0, headers: req.headers });
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

const options = {
  routes: [
    { path: '/', service: 'client' },
    { path: '/api/users', service: 'auth' },
  ],
  targets: { client: 'http://127.0.0.1:3000', auth: 'http://127.0.0.1:4001' },
  host: '127.0.0.1',
  port: 8080,
  dir: '/tmp/gw',
  logFile: '/tmp/gw/gateway.log',
};

describe('nginxConfig', () => {
  test('When made from the route table, then each route is an exact and a prefix location, each service an upstream', () => {
    const { routes } = loadRouteTable();
    const targets = Object.fromEntries(routes.map((route, i) => [route.service, `http://127.0.0.1:${4001 + i}`]));

    const config = nginxConfig({ ...options, routes, targets });

    for (const route of routes.filter((r) => r.path !== '/')) {
      expect(config).toContain(`location = ${route.path} {`);
      expect(config).toContain(`location ${route.path}/ {`);
    }
    expect(config).toContain('location / {');
    expect(config.match(/^ {2}upstream /gm)).toHaveLength(new Set(routes.map((r) => r.service)).size);
  });

  test('When a routed service has no target, or a target is not http://host:port, then it throws naming it', () => {
    expect(() => nginxConfig({ ...options, targets: { client: 'http://127.0.0.1:3000' } })).toThrow(/auth/);
    expect(() => nginxConfig({ ...options, targets: { ...options.targets, auth: 'https://auth.local/x' } })).toThrow(
      /auth must be http:\/\/host:port/,
    );
  });
});

describe('gateway (nginx)', () => {
  test('When many requests go through, then the gateway reuses its connections to the service', async () => {
    const auth = await startUpstream();
    const gateway = await startGateway({
      port: 0,
      routes: [{ path: '/', service: 'auth' }],
      targets: { auth: auth.url },
    });

    for (let i = 0; i < 20; i++) expect((await get(`${gateway.url}/users/currentuser`)).status).toBe(200);

    expect(new Set(auth.seen.map((s) => s.remotePort)).size).toBeLessThanOrEqual(2);
    expect(auth.seen[0]?.headers.connection).not.toBe('close');
    await gateway.close();
    await auth.close();
  });

  test('When the caller sends X-Real-IP, then the service gets the peer address instead', async () => {
    const auth = await startUpstream();
    const gateway = await startGateway({
      port: 0,
      routes: [{ path: '/', service: 'auth' }],
      targets: { auth: auth.url },
    });

    await get(`${gateway.url}/`, { 'x-real-ip': '6.6.6.6', 'x-forwarded-for': '6.6.6.6, 7.7.7.7' });

    expect(auth.seen[0]?.headers['x-real-ip']).toBe('127.0.0.1');
    expect(auth.seen[0]?.headers['x-forwarded-for']).toBe('127.0.0.1');
    await gateway.close();
    await auth.close();
  });

  test('When requests go through or fail, then each is one JSON line with reqId, path, upstream and status', async () => {
    const auth = await startUpstream();
    const gateway = await startGateway({
      port: 0,
      routes: [
        { path: '/api/users', service: 'auth' },
        { path: '/api/orders', service: 'orders' },
      ],
      // Nothing listens on port 1: orders is down.
      targets: { auth: auth.url, orders: 'http://127.0.0.1:1' },
    });

    await get(`${gateway.url}/api/users/currentuser?x=1`, { 'x-request-id': 'trace-1' });
    await get(`${gateway.url}/api/orders`);
    const requestLines = (): Array<Record<string, unknown>> =>
      readFileSync(gateway.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    await eventually(() => requestLines().length >= 2, 'two request lines');
    const lines = requestLines();

    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'gateway',
      reqId: 'trace-1',
      method: 'GET',
      path: '/api/users/currentuser',
      upstream: 'auth',
      status: 200,
      msg: 'proxied',
    });
    expect(lines[1]).toMatchObject({ level: 50, path: '/api/orders', upstream: 'orders', status: 502 });
    await gateway.close();
    await auth.close();
  });

  test('When the gateway is closed during a request, then that request still gets its answer', async () => {
    const slow = await startUpstream(500);
    const gateway = await startGateway({
      port: 0,
      routes: [{ path: '/', service: 'slow' }],
      targets: { slow: slow.url },
    });

    const inFlight = get(`${gateway.url}/slow`);
    await eventually(() => slow.seen.length > 0, 'the request reached the service');
    const closed = gateway.close();

    expect((await inFlight).status).toBe(200);
    await closed;
    await slow.close();
  });
});

describe('gateway CLI (nginx)', () => {
  // Before its handlers exist (Node still loading it) SIGTERM kills it, and it has started nothing yet; from then on
  // it stops whatever it has started and exits 0. Either way no nginx may outlive it.
  test.each([0, 150, 300, 450, 600])(
    'When it gets SIGTERM %i ms after it was started, then it ends without leaving nginx running',
    async (delayMs) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-cli-stop-'));
      const port = await new Promise<number>((resolve) => {
        const probe = http.createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as AddressInfo;
          probe.close(() => resolve(free));
        });
      });
      const cli = spawn(process.execPath, [path.join(__dirname, '../dist/gateway/cli.js')], {
        env: { ...process.env, GATEWAY_PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      const exited = new Promise<string>((resolve) =>
        cli.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
      );

      await new Promise((resolve) => setTimeout(resolve, delayMs));
      cli.kill('SIGTERM');

      expect(['code 0', 'SIGTERM']).toContain(await exited);
      const pidFile = path.join(dataDir, 'gateway', 'nginx.pid');
      const nginxPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : undefined;
      if (nginxPid) await eventually(() => !isAlive(nginxPid), 'nginx has exited', 5_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  );
});
