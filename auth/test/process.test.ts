import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LISTEN_BACKLOG } from '@ticketing/common';
import {
  startServiceProcess,
  startTestNats,
  startTestRedis,
  testMongoUri,
  TEST_JWT_KEY,
  type ServiceProcess,
  type TestEngine,
} from '@ticketing/testing';
import { api, signUpUser, uniqueIp } from './support';

// These tests run the built service (`npx tsc -b auth` first), as production does: `node auth/dist/index.js`.
const entry = path.resolve(__dirname, '../dist/index.js');
const execFileAsync = promisify(execFile);

/** Runs the service with `env` only, and resolves when it exits (it must: a bad config stops the boot). */
function runWithEnv(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not exit on a bad config:\n${stdout}${stderr}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('boot with a bad environment', () => {
  // Everything valid, so that only the variable under test is wrong (nothing listens on these ports: a service
  // that got past its config would hang connecting, and the test would time out).
  const validEnv = {
    PORT: '0',
    MONGO_URI: 'mongodb://127.0.0.1:9/auth',
    NATS_URL: 'nats://127.0.0.1:9',
    REDIS_URL: 'redis://127.0.0.1:9',
    JWT_KEY: TEST_JWT_KEY,
  };

  test('When JWT_KEY is not set, then the service exits 1 and stderr names JWT_KEY', async () => {
    const { JWT_KEY: _omitted, ...env } = validEnv;

    const result = await runWithEnv(env);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/JWT_KEY: .*\(not set\)/);
  });

  test('When JWT_KEY is shorter than 32 characters, then the service exits 1, names JWT_KEY and does not print the key', async () => {
    const shortKey = 'short-secret-key-31-characters!';
    expect(shortKey).toHaveLength(31);

    const result = await runWithEnv({ ...validEnv, JWT_KEY: shortKey });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/JWT_KEY: must be at least 32 characters/);
    expect(result.stderr + result.stdout).not.toContain(shortKey);
  });

  test('When many variables are bad, then the service exits 1 and stderr names every one of them', async () => {
    const bad = {
      PORT: 'eighty',
      MONGO_URI: 'http://127.0.0.1/auth',
      NATS_URL: '127.0.0.1:4222',
      REDIS_URL: 'localhost:6379',
      JWT_KEY: 'too-short',
      LOG_LEVEL: 'loud',
      COOKIE_SECURE: 'maybe',
      SIGNIN_FREE_FAILURES: '0',
      SIGNIN_WINDOW_SECONDS: 'soon',
      SIGNUP_MAX_PER_ADDRESS: 'many',
      TRUSTED_PROXY_HOPS: '-1',
      HOST: 'everywhere',
    };

    const result = await runWithEnv(bad);

    expect(result.code).toBe(1);
    for (const name of Object.keys(bad)) expect(result.stderr).toMatch(new RegExp(`^\\s*- ${name}: `, 'm'));
  });
});

describe('two replicas', () => {
  let nats: TestEngine;
  let redis: TestEngine;
  let replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    [nats, redis] = await Promise.all([startTestNats(), startTestRedis()]);
    const env = {
      MONGO_URI: testMongoUri('auth_replicas'),
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      JWT_KEY: TEST_JWT_KEY,
      COOKIE_SECURE: 'false',
      // Everything logged, so that the test below can show that no line holds a password, a hash or a token.
      LOG_LEVEL: 'trace',
    };
    replicas = await Promise.all([1, 2].map((n) => startServiceProcess({ name: `auth-${n}`, entry, env })));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await Promise.all([nats?.stop(), redis?.stop()]);
  });

  test('When failed sign-ins from one address alternate between replicas, then the pair is locked out on either one, and the owner still signs in', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess];
    const { email, password } = await signUpUser(a.url);
    const attacker = uniqueIp();
    // The default 5 free failures per (email, address), counted in the shared Redis whichever replica checks them.
    for (let i = 0; i < 5; i++) {
      const res = await api((i % 2 ? b : a).url, 'POST', '/api/users/signin', {
        json: { email, password: `wrong-${i}` },
        ip: attacker,
      });
      expect(res.status).toBe(400);
    }

    const onA = await api(a.url, 'POST', '/api/users/signin', { json: { email, password }, ip: attacker });
    const onB = await api(b.url, 'POST', '/api/users/signin', { json: { email, password }, ip: attacker });
    const owner = await api(b.url, 'POST', '/api/users/signin', { json: { email, password }, ip: uniqueIp() });

    expect([onA.status, onB.status, owner.status]).toEqual([429, 429, 200]);
    expect(Number(onB.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  test('When a user signs out on one replica, then the other refuses a copy of the cookie at once', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess];
    const { cookie } = await signUpUser(a.url);
    expect((await api(b.url, 'GET', '/api/users/currentuser', { cookie })).body).not.toEqual({ currentUser: null });

    await api(a.url, 'POST', '/api/users/signout', { cookie, json: {} });

    expect((await api(b.url, 'GET', '/api/users/currentuser', { cookie })).body).toEqual({ currentUser: null });
  });

  test('When a user signs up on one replica, then the other signs them in and accepts the session', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess];
    const { email, password, user, cookie } = await signUpUser(a.url);

    const signIn = await api(b.url, 'POST', '/api/users/signin', { json: { email, password } });
    const me = await api(b.url, 'GET', '/api/users/currentuser', { cookie });

    expect(signIn.status).toBe(200);
    expect(me.body).toEqual({ currentUser: user });
  });

  test('When COOKIE_SECURE is false, then the session cookie is set over plain http without Secure, still HttpOnly and SameSite=Lax', async () => {
    const [a] = replicas as [ServiceProcess];

    const res = await api(a.url, 'POST', '/api/users/signup', {
      json: { email: `plain-${uniqueIp()}@test.dev`, password: 'password1' },
      https: false,
    });

    const cookie = res.cookies.find((c) => c.name === 'session');
    expect(res.status).toBe(201);
    expect(cookie?.value).not.toBe('');
    expect(cookie?.attributes).toMatchObject({ httponly: true, samesite: 'lax' });
    expect(cookie?.attributes).not.toHaveProperty('secure');
  });

  test('When users sign up, sign in and fail, then no log line holds the password, its hash or the session token', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess];
    const { email, password, cookie } = await signUpUser(a.url);
    await api(b.url, 'POST', '/api/users/signin', { json: { email, password } });
    await api(b.url, 'POST', '/api/users/signin', { json: { email, password: `${password}-wrong` } });
    await api(a.url, 'GET', '/api/users/currentuser', { cookie });

    const logs = replicas.map((r) => r.output()).join('\n');

    expect(logs).toContain('/api/users/signin');
    expect(logs).not.toContain(password);
    expect(logs).not.toContain('scrypt$');
    expect(logs).not.toContain(cookie.slice('session='.length));
  });

  test('When both replicas are up, then /healthz and /readyz answer 200 on each', async () => {
    for (const replica of replicas) {
      expect((await api(replica.url, 'GET', '/healthz')).status).toBe(200);
      expect((await api(replica.url, 'GET', '/readyz')).status).toBe(200);
    }
  });

  test("When a replica listens, then the kernel holds up to common's LISTEN_BACKLOG connections for it, not Node's 511", async () => {
    // `ss` shows a listening socket's backlog as its Send-Q; the kernel caps it at net.core.somaxconn.
    const somaxconn = Number((await readFile('/proc/sys/net/core/somaxconn', 'utf8')).trim());
    for (const replica of replicas) {
      const port = new URL(replica.url).port;
      const { stdout } = await execFileAsync('ss', ['-ltnH', `sport = :${port}`]);
      const backlog = Number(stdout.trim().split(/\s+/)[2]);
      expect(backlog).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
    }
  });
});
