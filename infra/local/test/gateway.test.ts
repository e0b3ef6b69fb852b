// The gateway in front of small fake upstreams: each route reaches its service with the request unchanged, cookies
// pass both ways, the X-Forwarded-* headers are the gateway's, and a down upstream is a 502 in the API's error shape.
// (A path under /api that no route takes, like /api/usersx, is the gateway's own 404: gateway-errors.test.ts.)
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadRouteTable } from '../src/gateway/route-table';
import { startGateway, type RunningGateway } from '../src/gateway/start-gateway';
import { eventually } from './helpers';

interface Echo {
  upstream: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Upstream {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An HTTP server that answers every request with what it received, and sets two cookies. */
async function startUpstream(name: string, port = 0): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/die-mid-response') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('half');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const echo: Echo = { upstream: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      res.setHeader('set-cookie', [
        `session=from-${name}; path=/; httponly; samesite=lax`,
        'session.sig=abc123; path=/',
      ]);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    name,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const upstream = await startUpstream('gone');
  await upstream.close();
  return upstream.port;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function request(
  base: string,
  pathAndQuery: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(pathAndQuery, base),
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const echoOf = (reply: Reply): Echo => JSON.parse(reply.text) as Echo;

describe('gateway: the route table', () => {
  const { routes } = loadRouteTable();
  let upstreams: Upstream[];
  let gateway: RunningGateway;

  beforeAll(async () => {
    const services = [...new Set(routes.map((route) => route.service))];
    upstreams = await Promise.all(services.map((service) => startUpstream(service)));
    const targets = Object.fromEntries(upstreams.map((u) => [u.name, u.url]));
    gateway = await startGateway({ port: 0, routes, targets });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all(upstreams.map((u) => u.close()));
  });

  test.each([
    ['/api/users/signin', 'auth'],
    ['/api/users', 'auth'],
    ['/api/users/x', 'auth'],
    ['/api/tickets', 'tickets'],
    ['/api/tickets/6650c0ffee0000000000abcd', 'tickets'],
    ['/api/orders/6650c0ffee0000000000abcd', 'orders'],
    ['/api/payments?orderId=1', 'payments'],
    ['/', 'client'],
    ['/tickets/abc', 'client'],
    ['/auth/signin', 'client'],
    ['/apix', 'client'],
    ['/apis/x', 'client'],
  ])('When GET %s comes in, then %s answers it, with the path and query unchanged', async (url, service) => {
    const reply = await request(gateway.url, url);

    expect(reply.status).toBe(200);
    expect(echoOf(reply)).toMatchObject({ upstream: service, method: 'GET', url });
  });

  // Each service answers GET /metrics on its own port for Prometheus (DESIGN §14); the gateway forwards paths
  // unchanged and only under each service's /api prefix, so /metrics falls to the client (which has no such page: a
  // 404) and never reaches a service.
  test.each(['/metrics', '/metrics?x=1', '/metrics/', '/api/users/metrics'])(
    'When GET %s comes in, then no service is asked for its /metrics',
    async (url) => {
      const echo = echoOf(await request(gateway.url, url));

      const askedForMetrics = new URL(echo.url, 'http://service').pathname.replace(/\/$/, '') === '/metrics';
      expect({ upstream: echo.upstream, askedForMetrics }).toEqual({
        upstream: askedForMetrics ? 'client' : 'auth',
        askedForMetrics,
      });
    },
  );

  test('When a POST carries a JSON body, then the upstream gets the method, the body and its content type', async () => {
    const body = JSON.stringify({ title: 'Rock Concert', price: 100 });

    const reply = await request(gateway.url, '/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

    expect(echoOf(reply)).toMatchObject({ upstream: 'tickets', method: 'POST', body });
    expect(echoOf(reply).headers['content-type']).toBe('application/json');
  });

  // DESIGN §12 "Stripe webhooks": Stripe POSTs without a cookie, and payments verifies the signature over the raw
  // body, so the edge must pass both as they are. Stripe's events stay well under the edge's 1 MB limit.
  test.each(['/api/payments/stripe/webhook', '/api/payments/stripe/connect-webhook'])(
    'When Stripe POSTs an event to %s (no cookie, a signature, 200 KB), then payments gets it byte for byte',
    async (url) => {
      const body = JSON.stringify({
        id: 'evt_1',
        type: 'account.updated',
        data: { object: { pad: 'x'.repeat(200_000) } },
      });
      const signature = 't=1733580000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd';

      const reply = await request(gateway.url, url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
        body,
      });

      expect(reply.status).toBe(200);
      const echo = echoOf(reply);
      expect({ ...echo, body: undefined, headers: undefined }).toMatchObject({
        upstream: 'payments',
        method: 'POST',
        url,
      });
      // Compared whole, reported short: a 200 KB diff says nothing more.
      expect({ length: echo.body.length, same: echo.body === body }).toEqual({ length: body.length, same: true });
      expect(echo.headers).toMatchObject({ 'stripe-signature': signature });
      expect(echo.headers).not.toHaveProperty('cookie');
    },
  );

  test('When the browser sends cookies and the service sets some, then both pass untouched', async () => {
    const cookie = 'session=eyJqd3QiOiJhLmIuYyJ9; session.sig=Zm9v';

    const reply = await request(gateway.url, '/api/users/currentuser', { headers: { cookie } });

    expect(echoOf(reply).headers.cookie).toBe(cookie);
    expect(reply.headers['set-cookie']).toEqual([
      'session=from-auth; path=/; httponly; samesite=lax',
      'session.sig=abc123; path=/',
    ]);
  });

  test('When a request comes in, then the upstream gets X-Forwarded-* from the gateway, not from the caller', async () => {
    const reply = await request(gateway.url, '/api/orders', {
      headers: { host: 'ticketing.dev', 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https' },
    });

    const { headers } = echoOf(reply);
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe('ticketing.dev');
    // The Host header is kept, as the Ingress keeps it.
    expect(headers.host).toBe('ticketing.dev');
  });

  test('When the caller sends no X-Request-ID, then the gateway makes one; when it sends one, it is kept', async () => {
    const made = echoOf(await request(gateway.url, '/api/tickets'));
    const kept = echoOf(await request(gateway.url, '/api/tickets', { headers: { 'x-request-id': 'trace-42' } }));

    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(kept.headers['x-request-id']).toBe('trace-42');
  });
});

describe('gateway: longest prefix', () => {
  test('When two routes share a prefix, then the longer one takes its paths and the shorter the rest', async () => {
    const [api, auth, client] = await Promise.all([
      startUpstream('api'),
      startUpstream('auth'),
      startUpstream('client'),
    ]);
    const gateway = await startGateway({
      port: 0,
      // Listed shortest first on purpose: the order of the table must not matter.
      routes: [
        { path: '/', service: 'client' },
        { path: '/api', service: 'api' },
        { path: '/api/users', service: 'auth' },
      ],
      targets: { api: api.url, auth: auth.url, client: client.url },
    });

    const answers = await Promise.all(
      ['/api/users/x', '/api/other', '/api', '/apix', '/'].map(
        async (url) => echoOf(await request(gateway.url, url)).upstream,
      ),
    );

    expect(answers).toEqual(['auth', 'api', 'api', 'client', 'client']);
    await gateway.close();
    await Promise.all([api, auth, client].map((u) => u.close()));
  });
});

describe('gateway: upstream failures', () => {
  test('When the upstream is down, then the answer is 502 with the error shape, and the gateway keeps serving', async () => {
    const client = await startUpstream('client');
    const gateway = await startGateway({
      port: 0,
      routes: [
        { path: '/', service: 'client' },
        { path: '/api/users', service: 'auth' },
      ],
      targets: { client: client.url, auth: `http://127.0.0.1:${await closedPort()}` },
    });

    const down = await request(gateway.url, '/api/users/currentuser');
    const after = await request(gateway.url, '/');

    expect(down.status).toBe(502);
    expect(down.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(down.text)).toEqual({ errors: [{ message: 'The auth service is unavailable' }] });
    expect(after.status).toBe(200);
    await gateway.close();
    await client.close();
  });

  test('When the upstream dies in the middle of its response, then the caller sees a broken response and the gateway lives on', async () => {
    const client = await startUpstream('client');
    const gateway = await startGateway({
      port: 0,
      routes: [{ path: '/', service: 'client' }],
      targets: { client: client.url },
    });

    const broken = await request(gateway.url, '/die-mid-response').then(
      (reply) => `complete: ${reply.text}`,
      (error: NodeJS.ErrnoException) => `failed: ${error.code ?? error.message}`,
    );
    const after = await request(gateway.url, '/still-there');

    expect(broken).toMatch(/^failed: /);
    expect(after.status).toBe(200);
    await gateway.close();
    await client.close();
  });

  test('When an upstream streams Server-Sent Events, then each event reaches the caller as it is sent, unbuffered', async () => {
    // The live feeds (GET /api/tickets/live, /api/orders/live) pass through the gateway as through the Ingress: an
    // event must arrive while the response is still open, not when it ends.
    let sendSecond!: () => void;
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-accel-buffering': 'no' });
      res.write('event: ticket\ndata: {"n":1}\n\n');
      sendSecond = () => res.end('event: ticket\ndata: {"n":2}\n\n');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const gateway = await startGateway({
      port: 0,
      routes: [{ path: '/api/tickets', service: 'tickets' }],
      targets: { tickets: target },
    });
    const chunks: string[] = [];

    const ended = new Promise<IncomingHttpHeaders>((resolve, reject) => {
      http
        .get(`${gateway.url}/api/tickets/live`, { agent: false }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => chunks.push(chunk));
          res.on('end', () => resolve(res.headers));
        })
        .on('error', reject);
    });
    await eventually(() => chunks.join('').includes('{"n":1}'), 'the first event, with the response still open');
    sendSecond();
    const headers = await ended;

    expect(chunks.join('')).toBe('event: ticket\ndata: {"n":1}\n\nevent: ticket\ndata: {"n":2}\n\n');
    expect(headers['content-type']).toBe('text/event-stream');
    // nginx takes X-Accel-Buffering as an instruction to itself and does not pass it on (as ingress-nginx does).
    expect(headers['x-accel-buffering']).toBeUndefined();
    await gateway.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  test('When the request target is not a path, then the answer is 400, not a crash', async () => {
    const client = await startUpstream('client');
    const gateway = await startGateway({
      port: 0,
      routes: [{ path: '/', service: 'client' }],
      targets: { client: client.url },
    });

    // http.request always sends a path: write an absolute-form request line (a forward-proxy request) by hand.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(gateway.port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write('GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n');
    });

    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('{"errors":[{"message":"The request target must be a path"}]}');
    await gateway.close();
    await client.close();
  });
});

describe('gateway CLI', () => {
  test('When run with GATEWAY_PORT and TICKETING_PORT_BASE, then it routes to base+1 (auth) and exits 0 on SIGTERM', async () => {
    // auth listens on base + 1: take a free port for it and derive the base from it.
    const auth = await startUpstream('auth');
    const gatewayPort = await closedPort();
    // Its output goes to a file, as npm start gives every part (nginx writes its request lines there too).
    const outputDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-cli-'));
    const outputFile = path.join(outputDir, 'gateway.log');
    const outputFd = openSync(outputFile, 'a');
    const cli = spawn(process.execPath, [path.join(__dirname, '../dist/gateway/cli.js')], {
      env: {
        ...process.env,
        GATEWAY_PORT: String(gatewayPort),
        TICKETING_PORT_BASE: String(auth.port - 1),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', outputFd, outputFd],
    });
    closeSync(outputFd);
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));

    const reply: Reply = await eventually(
      () => request(`http://127.0.0.1:${gatewayPort}`, '/api/users/currentuser').catch(() => undefined),
      'the gateway answers',
    ).then((answered) => answered as Reply);
    // nginx answers a moment before the CLI has seen it ready and logged so (on a cold, busy machine, long enough for
    // a SIGTERM to overtake the line): stop it once it has said it listens, which is what this test reads.
    await eventually(
      () => readFileSync(outputFile, 'utf8').includes('"msg":"gateway listening"'),
      'the listening line',
    );
    cli.kill('SIGTERM');
    const code = await exited;
    const output = readFileSync(outputFile, 'utf8');

    expect(echoOf(reply).upstream).toBe('auth');
    expect(code).toBe(0);
    // One JSON log line per request, with the service it went to.
    expect(output).toMatch(/"service":"gateway".*"msg":"gateway listening"/);
    expect(output).toMatch(/"path":"\/api\/users\/currentuser","upstream":"auth","status":200/);
    await auth.close();
    rmSync(outputDir, { recursive: true, force: true });
  });
});
