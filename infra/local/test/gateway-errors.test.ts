// The errors the gateway makes itself (edge-errors.ts): under /api each is DESIGN §3's `{ errors: [{ message }] }` as
// JSON with nosniff and the right status, while a page gets nginx's HTML page for the same fault; a service's own
// error passes through untouched. Requests are written by hand on a socket: Node's client will not send most of them.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { startGateway, type RunningGateway } from '../src/gateway/start-gateway';

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (and `body`) as they are and reads the answer until the gateway closes the connection. */
function rawRequest(port: number, head: string, body = ''): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    // The gateway may answer (413) and close before it has read a large body: the rest of the write then fails.
    socket.on('error', (error: NodeJS.ErrnoException) => (text ? undefined : reject(error)));
    socket.on('close', () => {
      const [statusLine = '', ...lines] = text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(`${head}\r\nHost: ticketing.dev\r\nConnection: close\r\n\r\n`);
    if (body) socket.write(body);
  });
}

function expectApiError(reply: RawReply, status: number, message: string): void {
  expect({ status: reply.status, body: JSON.parse(reply.body) as unknown }).toEqual({
    status,
    body: { errors: [{ message }] },
  });
  expect(reply.headers['content-type']).toBe('application/json');
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
}

function expectPage(reply: RawReply, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toBe('text/html');
  expect(reply.body).toContain(`<title>${status}`);
}

/** A service: 200 with its path, 404 in its own words for /missing, and a 2 s wait for /slow. */
async function startService(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.url?.endsWith('/missing')) answer(404, { errors: [{ message: 'Ticket not found' }] });
    else if (req.url?.endsWith('/slow')) setTimeout(() => answer(200, {}), 2_000);
    else answer(200, { url: req.url });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const LONG = 'a'.repeat(9_000);

describe('gateway: the errors it makes itself', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let gateway: RunningGateway;

  beforeAll(async () => {
    service = await startService();
    const down = 'http://127.0.0.1:1';
    gateway = await startGateway({
      port: 0,
      routes: [
        { path: '/', service: 'client' },
        { path: '/api/users', service: 'auth' },
        { path: '/api/tickets', service: 'tickets' },
        { path: '/help', service: 'help' },
      ],
      // Nothing listens on port 1: auth and the help pages are down.
      targets: { client: service.url, tickets: service.url, auth: down, help: down },
      readTimeoutSeconds: 1,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await service?.close();
  });

  // nginx reads no more of a body it refuses than it must: a 1.5 MB one is answered at once.
  const bigBody = JSON.stringify({ title: 'x'.repeat(1_500_000), price: 10 });
  const bigBodyHeaders = `Content-Type: application/json\r\nContent-Length: ${bigBody.length}`;

  test.each([
    ['a URL with a bad escape', 400, 'Malformed request', 'GET /api/tickets/% HTTP/1.1'],
    ['a URL over 8 KB', 414, 'Request URL too long', `GET /api/tickets/${LONG} HTTP/1.1`],
    ['a header over 8 KB', 400, 'Request headers too large', `GET /api/tickets HTTP/1.1\r\nX-Long: ${LONG}`],
    ['a body over 1 MB', 413, 'Request body too large', `POST /api/tickets HTTP/1.1\r\n${bigBodyHeaders}`],
    ['a path under /api that no route takes', 404, 'Not found', 'GET /api/nothing-here HTTP/1.1'],
    ['/api itself', 404, 'Not found', 'GET /api?x=1 HTTP/1.1'],
    ['a request for a service that is down', 502, 'The auth service is unavailable', 'GET /api/users/me HTTP/1.1'],
    [
      'a request the service does not answer in time',
      504,
      'The tickets service did not answer in time',
      'GET /api/tickets/slow HTTP/1.1',
    ],
  ])('When the API gets %s, then the gateway answers %i in the error shape', async (_case, status, message, head) => {
    expectApiError(await rawRequest(gateway.port, head, head.startsWith('POST') ? bigBody : ''), status, message);
  });

  test.each([
    ['a URL with a bad escape', 400, 'GET /tickets/% HTTP/1.1'],
    ['a URL over 8 KB', 414, `GET /tickets/${LONG} HTTP/1.1`],
    ['a header over 8 KB', 400, `GET /tickets HTTP/1.1\r\nX-Long: ${LONG}`],
    ['a body over 1 MB', 413, `POST /tickets/new HTTP/1.1\r\n${bigBodyHeaders}`],
    ['for a page whose service is down', 502, 'GET /help HTTP/1.1'],
  ])("When a page request is %s, then the answer is nginx's HTML page with status %i", async (_case, status, head) => {
    expectPage(await rawRequest(gateway.port, head, head.startsWith('POST') ? bigBody : ''), status);
  });

  test('When a service answers an error itself, then it reaches the caller as the service said it', async () => {
    const reply = await rawRequest(gateway.port, 'GET /api/tickets/missing HTTP/1.1');

    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  test('When a caller asks for the error locations themselves, then they are not found', async () => {
    expectPage(await rawRequest(gateway.port, 'GET /.edge-errors/502 HTTP/1.1'), 404);
  });
});
