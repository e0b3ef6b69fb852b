import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { api, signUpUser, startAuth, uniqueEmail, uniqueIp, uniqueIpv6Prefix, type TestAuth } from './support';

// The per-address limit is what shows which address auth counted: 3 failures from one address, then 429.
// Attempts are counted by address, not hashed: the earlier scrypt cost (config.ts) keeps each one cheap.
const LIMITS = { SIGNIN_MAX_FAILURES_PER_ADDRESS: '3', SIGNIN_WINDOW_SECONDS: '60', PASSWORD_HASH_COST: '14' };

/** Three failed sign-ins for fresh emails, each sent with the X-Forwarded-For that `forwardedFor(i)` gives. */
async function failThreeTimes(auth: TestAuth, forwardedFor: (i: number) => string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const res = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email: uniqueEmail('guess'), password: 'wrong-password' },
      ip: forwardedFor(i),
    });
    expect(res.status).toBe(400);
  }
}

describe('the client address (TRUSTED_PROXY_HOPS = 1, the default)', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await startAuth(LIMITS);
  });
  afterAll(async () => {
    await auth?.stop();
  });

  test('When a client writes its own X-Forwarded-For entries before the one the proxy appended, then only the appended one is counted', async () => {
    const { email, password } = await signUpUser(auth.url);
    const real = uniqueIp();
    // What a proxy that appends (ingress-nginx with compute-full-forwarded-for) passes on: the client's forgeries,
    // then the address it saw. `trust proxy: true` took the leftmost, so each forgery was a fresh address.
    await failThreeTimes(auth, (i) => `203.0.113.${i}, ${real}`);

    const next = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email, password },
      ip: `198.51.100.77, ${real}`,
    });

    expect(next.status).toBe(429);
  });

  test('When a request reaches auth directly, then its one X-Forwarded-For entry is believed: which is why auth listens on 127.0.0.1', async () => {
    const { email, password } = await signUpUser(auth.url);
    await failThreeTimes(auth, () => '192.0.2.10');

    // The same direct peer (127.0.0.1), a forged single entry: counted as a new address. Only a process on this
    // machine can do this, because the port is bound to loopback (next test); through the gateway, nginx replaces
    // X-Forwarded-For with the peer it saw (infra/local gateway tests, e2e).
    const forged = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password }, ip: '192.0.2.11' });

    expect(forged.status).toBe(200);
    expect(auth.service.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  test('When failed sign-ins come from different addresses of one IPv6 /64, then they count as one address', async () => {
    const { email, password } = await signUpUser(auth.url);
    const prefix = uniqueIpv6Prefix();
    // A subscriber's /64 is 2^64 addresses to rotate through: a new one for every guess.
    await failThreeTimes(auth, (i) => `${prefix}${i + 1}:0:0:${i + 1}`);

    const sameSlash64 = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email, password },
      ip: `${prefix}ffff:ffff:ffff:ffff`,
    });
    const otherSlash64 = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email, password },
      ip: `${uniqueIpv6Prefix()}1:2:3:4`,
    });

    expect(sameSlash64.status).toBe(429);
    expect(otherSlash64.status).toBe(200);
  });

  test('When an IPv4 client is also seen as IPv4-mapped IPv6, then both forms count as one address', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ipv4 = uniqueIp();
    await failThreeTimes(auth, (i) => (i % 2 === 0 ? `::ffff:${ipv4}` : ipv4));

    const next = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password }, ip: ipv4 });

    expect(next.status).toBe(429);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  (external ? test : test.skip)(
    "When another machine's address is used to reach auth's port, then the connection is refused",
    async () => {
      const port = auth.service.port;

      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: external, port }, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });

      expect(outcome).toBe('ECONNREFUSED');
    },
  );
});

describe('the client address with TRUSTED_PROXY_HOPS = 0 (clients connect directly)', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    // Without a trusted proxy, X-Forwarded-Proto is not believed either: the request is plain http, so no Secure cookie.
    auth = await startAuth({ ...LIMITS, TRUSTED_PROXY_HOPS: '0', COOKIE_SECURE: 'false' });
  });
  afterAll(async () => {
    await auth?.stop();
  });

  test('When every request carries a different X-Forwarded-For, then they are all counted as the peer they came from', async () => {
    const { email, password } = await signUpUser(auth.url);
    await failThreeTimes(auth, () => uniqueIp());

    const next = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password }, ip: uniqueIp() });

    expect(next.status).toBe(429);
  });
});
