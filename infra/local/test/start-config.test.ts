// npm start's settings and wiring, without starting anything: the ports table, the environment it reads, and the
// environment each part gets (docs/CONVENTIONS.md names; DESIGN §9's three variables reach every part).
import path from 'node:path';
import { BUS_SERVICES } from '../src/bus/event-routes';
import { newBusCredentials } from '../src/bus/nats-config';
import { readStartConfig, StartConfigError } from '../src/start/config';
import { DEFAULT_PROBE_PATHS, partSpecs, withDatabase, type PartsContext } from '../src/start/parts';
import { partPorts, PORT_BASE_RANGE } from '../src/start/ports';

describe('the parts table: ports', () => {
  test('When no base is given, then the ports are the ones docs/CONVENTIONS.md lists', () => {
    expect(partPorts()).toEqual({
      client: 3000,
      auth: 4001,
      tickets: 4002,
      orders: 4003,
      expiration: 4004,
      payments: 4005,
      queue: 4006,
      'stripe-fake': 12111,
    });
  });

  test('When another base is given, then every port moves with it, so two systems do not collide', () => {
    const first = Object.values(partPorts(4000));
    const second = Object.values(partPorts(20_000));

    expect(partPorts(20_000)).toMatchObject({ client: 19_000, auth: 20_001, payments: 20_005, 'stripe-fake': 28_111 });
    expect(first.filter((port) => second.includes(port))).toEqual([]);
  });

  test('When the base would put a port outside 1024-65535, then it is refused with the allowed range', () => {
    expect(() => partPorts(PORT_BASE_RANGE.max + 1)).toThrow(
      /TICKETING_PORT_BASE must be an integer from 2024 to 57424/,
    );
    expect(() => partPorts(1500)).toThrow(RangeError);
  });
});

describe('npm start: settings', () => {
  const cwd = '/work/repo';

  test('When nothing is set, then the defaults of DESIGN §9 apply', () => {
    expect(readStartConfig({}, [], cwd)).toEqual({
      dataDir: '/work/repo/.data',
      gatewayPort: 8080,
      portBase: 4000,
      expirationWindowSeconds: 900,
      eventsMinLeadSeconds: 3600,
      fresh: false,
      logLevel: 'info',
    });
  });

  test('When the variables and --fresh are given, then they are used (empty variables count as unset)', () => {
    const env = {
      GATEWAY_PORT: '18080',
      DATA_DIR: '/tmp/ticketing-x',
      EXPIRATION_WINDOW_SECONDS: '30',
      EVENTS_MIN_LEAD_SECONDS: '5',
      TICKETING_PORT_BASE: '20000',
      MONGO_URI: 'mongodb://db.example:27017',
      LOG_LEVEL: '',
    };

    expect(readStartConfig(env, ['--fresh'], cwd)).toEqual({
      dataDir: '/tmp/ticketing-x',
      gatewayPort: 18_080,
      portBase: 20_000,
      expirationWindowSeconds: 30,
      eventsMinLeadSeconds: 5,
      fresh: true,
      mongoUri: 'mongodb://db.example:27017',
      logLevel: 'info',
    });
  });

  test("When ADMIN_PASSWORD is set, then it is the seeded admin's password; shorter than 8 characters, it is refused", () => {
    const read = () => readStartConfig({ ADMIN_PASSWORD: 'short' }, [], cwd);

    expect(readStartConfig({ ADMIN_PASSWORD: 'long-enough' }, [], cwd)).toMatchObject({ adminPassword: 'long-enough' });
    expect(read).toThrow(StartConfigError);
    expect(read).toThrow(/ADMIN_PASSWORD/);
  });

  test('When variables are bad, then every bad one is named in one error', () => {
    const read = () => readStartConfig({ GATEWAY_PORT: 'http', EXPIRATION_WINDOW_SECONDS: '-1' }, [], cwd);

    expect(read).toThrow(StartConfigError);
    expect(() => readStartConfig({ EVENTS_MIN_LEAD_SECONDS: 'soon' }, [], cwd)).toThrow(/EVENTS_MIN_LEAD_SECONDS/);
    expect(read).toThrow(/GATEWAY_PORT[\s\S]*EXPIRATION_WINDOW_SECONDS|EXPIRATION_WINDOW_SECONDS[\s\S]*GATEWAY_PORT/);
  });

  test('When an unknown argument is given, then it is refused with the usage; --help asks for the usage', () => {
    expect(() => readStartConfig({}, ['--fast'], cwd)).toThrow(/Unknown option '--fast'[\s\S]*usage: npm start/);
    expect(readStartConfig({}, ['--help'], cwd)).toBe('help');
  });
});

describe('the parts table: environments', () => {
  const bus = newBusCredentials();
  const context: PartsContext = {
    dataDir: '/data',
    gatewayPort: 18_080,
    portBase: 20_000,
    expirationWindowSeconds: 30,
    eventsMinLeadSeconds: 5,
    logLevel: 'warn',
    engines: {
      mongoUri: 'mongodb://127.0.0.1:40001',
      natsUrl: 'nats://127.0.0.1:40002',
      redisUrl: 'redis://:redis-pw@127.0.0.1:40003',
    },
    secrets: {
      jwtKey: 'k'.repeat(48),
      stripeSecretKey: 'sk_test_local',
      bus,
      redisPassword: 'redis-pw',
      eticketPrivateKey: '-----BEGIN PRIVATE KEY-----e-ticket',
      queuePassKey: 'q'.repeat(48),
    },
    baseEnv: {
      PATH: '/usr/bin',
      HOME: '/home/me',
      NATS_URL: 'nats://stray:4222',
      NODE_ENV: 'test',
      PORT: '1',
      ADMIN_PASSWORD: 'the-admin-password',
    },
  };
  const specs = Object.fromEntries(partSpecs(context).map((spec) => [spec.name, spec]));
  const envOf = (name: string): Record<string, string> => specs[name]?.env ?? {};

  test('When the parts are listed, then there are the Stripe fake, the six services, the client and the gateway', () => {
    expect(Object.keys(specs)).toEqual([
      'stripe-fake',
      'auth',
      'tickets',
      'orders',
      'expiration',
      'payments',
      'queue',
      'client',
      'gateway',
    ]);
  });

  test('When any part starts, then it gets GATEWAY_PORT, DATA_DIR, EXPIRATION_WINDOW_SECONDS, EVENTS_MIN_LEAD_SECONDS, its PORT and PATH', () => {
    for (const [name, spec] of Object.entries(specs)) {
      expect({ name, ...spec.env }).toMatchObject({
        name,
        GATEWAY_PORT: '18080',
        DATA_DIR: '/data',
        EXPIRATION_WINDOW_SECONDS: '30',
        EVENTS_MIN_LEAD_SECONDS: '5',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        PATH: '/usr/bin',
        HOME: '/home/me',
      });
      if (name !== 'gateway') expect(spec.env.PORT).toBe(String(spec.port));
    }
  });

  test('When the services start, then each gets its own database, the bus, and only the secrets it uses', () => {
    expect(envOf('auth')).toMatchObject({
      PORT: '20001',
      MONGO_URI: 'mongodb://127.0.0.1:40001/auth',
      NATS_URL: 'nats://127.0.0.1:40002',
      REDIS_URL: 'redis://:redis-pw@127.0.0.1:40003',
      JWT_KEY: 'k'.repeat(48),
      COOKIE_SECURE: 'false',
    });
    expect(envOf('tickets')).toMatchObject({
      PORT: '20002',
      MONGO_URI: 'mongodb://127.0.0.1:40001/tickets',
      JWT_KEY: 'k'.repeat(48),
    });
    expect(envOf('orders')).toMatchObject({
      PORT: '20003',
      MONGO_URI: 'mongodb://127.0.0.1:40001/orders',
      EXPIRATION_WINDOW_SECONDS: '30',
      ETICKET_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----e-ticket',
    });
    // Only orders signs e-tickets.
    for (const name of ['auth', 'tickets', 'expiration', 'payments'] as const) {
      expect(envOf(name)).not.toHaveProperty('ETICKET_PRIVATE_KEY');
    }
    expect(envOf('expiration')).toMatchObject({
      PORT: '20004',
      NATS_URL: 'nats://127.0.0.1:40002',
      REDIS_URL: 'redis://:redis-pw@127.0.0.1:40003',
    });
    expect(envOf('expiration')).not.toHaveProperty('JWT_KEY');
    expect(envOf('expiration')).not.toHaveProperty('MONGO_URI');
    expect(envOf('payments')).toMatchObject({
      PORT: '20005',
      MONGO_URI: 'mongodb://127.0.0.1:40001/payments',
      STRIPE_SECRET_KEY: 'sk_test_local',
      STRIPE_API_URL: 'http://127.0.0.1:28111',
    });
    // The waiting room's pass key: queue signs, orders verifies (DESIGN §13); nobody else holds it.
    expect(envOf('queue')).toMatchObject({
      PORT: '20006',
      NATS_URL: 'nats://127.0.0.1:40002',
      REDIS_URL: 'redis://:redis-pw@127.0.0.1:40003',
      JWT_KEY: 'k'.repeat(48),
      QUEUE_PASS_KEY: 'q'.repeat(48),
    });
    expect(envOf('queue')).not.toHaveProperty('MONGO_URI');
    expect(envOf('orders')).toMatchObject({ QUEUE_PASS_KEY: 'q'.repeat(48) });
    for (const name of ['auth', 'tickets', 'expiration', 'payments'] as const) {
      expect(envOf(name)).not.toHaveProperty('QUEUE_PASS_KEY');
    }
  });

  test('When the services start, then each listens on loopback behind one proxy, and those with user routes get Redis', () => {
    for (const name of ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const) {
      expect(envOf(name)).toMatchObject({ HOST: '127.0.0.1', TRUSTED_PROXY_HOPS: '1' });
    }
    // The session deny-list (DESIGN §8): every service that reads a session asks it.
    for (const name of ['auth', 'tickets', 'orders', 'payments', 'queue'] as const) {
      expect(envOf(name)).toMatchObject({ REDIS_URL: 'redis://:redis-pw@127.0.0.1:40003' });
    }
  });

  test('When the client and the gateway start, then the client reaches the API through the gateway, and the gateway knows the base', () => {
    expect(envOf('client')).toMatchObject({
      PORT: '19000',
      API_URL: 'http://127.0.0.1:18080',
      STRIPE_TEST_CARDS: 'true',
    });
    expect(specs.client?.args).toEqual([
      expect.stringMatching(/next\/dist\/bin\/next$/),
      'start',
      '--port',
      '19000',
      '--hostname',
      '127.0.0.1',
    ]);
    expect(envOf('gateway')).toMatchObject({ GATEWAY_PORT: '18080', TICKETING_PORT_BASE: '20000' });
    expect(specs.gateway?.port).toBe(18_080);
    expect(specs['stripe-fake']?.args.slice(1)).toEqual(['--port', '28111', '--host', '127.0.0.1']);
  });

  test('When the client is to take cards as in production, then it gets the publishable key and no test cards', () => {
    const production = partSpecs({
      ...context,
      baseEnv: { ...context.baseEnv, STRIPE_TEST_CARDS: 'true' },
      clientPayments: { testCards: false, publishableKey: 'pk_test_e2e' },
    });

    const env = production.find((spec) => spec.name === 'client')?.env ?? {};

    expect(env.STRIPE_PUBLISHABLE_KEY).toBe('pk_test_e2e');
    expect(env).not.toHaveProperty('STRIPE_TEST_CARDS');
    expect(envOf('client')).not.toHaveProperty('STRIPE_PUBLISHABLE_KEY');
  });

  test('When the services start, then each logs in to NATS as itself and reaches Redis with its password', () => {
    for (const service of BUS_SERVICES) {
      expect(envOf(service)).toMatchObject({
        NATS_USER: service,
        NATS_PASSWORD: bus.passwords[service],
        REDIS_URL: 'redis://:redis-pw@127.0.0.1:40003',
      });
    }
    // The client does not use the bus or Redis: it gets neither.
    expect(Object.keys(envOf('client')).filter((name) => /^(NATS|REDIS)_/.test(name))).toEqual([]);
  });

  test("When the launcher's own environment has a stray NATS_URL or NODE_ENV=test, then no part inherits them", () => {
    expect(envOf('client')).not.toHaveProperty('NATS_URL');
    expect(envOf('tickets').NATS_URL).toBe('nats://127.0.0.1:40002');
    expect(envOf('tickets').NODE_ENV).toBe('production');
  });

  test("When the launcher's environment has ADMIN_PASSWORD, then no part gets it (it is the admin command's)", () => {
    const holders = Object.keys(specs).filter((name) => 'ADMIN_PASSWORD' in envOf(name));

    expect(holders).toEqual([]);
  });

  test('When probe paths are given, then they replace the defaults for those parts only', () => {
    const custom = partSpecs({ ...context, probePaths: { client: '/' } });

    expect(custom.find((spec) => spec.name === 'client')?.probePath).toBe('/');
    expect(custom.find((spec) => spec.name === 'auth')?.probePath).toBe(DEFAULT_PROBE_PATHS.auth);
  });

  test('When the services are run, then each is `node <service>/dist/index.js` from its folder', () => {
    const root = path.resolve(__dirname, '../../..');

    expect(specs.orders).toMatchObject({
      command: process.execPath,
      args: [path.join(root, 'orders/dist/index.js')],
      cwd: path.join(root, 'orders'),
    });
  });
});

describe('withDatabase', () => {
  test.each([
    ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017/auth'],
    ['mongodb://127.0.0.1:27017/', 'mongodb://127.0.0.1:27017/auth'],
    ['mongodb://127.0.0.1:27017/other', 'mongodb://127.0.0.1:27017/auth'],
    ['mongodb://u:p@a:1,b:2/?replicaSet=rs0', 'mongodb://u:p@a:1,b:2/auth?replicaSet=rs0'],
    ['mongodb+srv://cluster.example.net', 'mongodb+srv://cluster.example.net/auth'],
  ])('When MONGO_URI is %s, then auth gets %s', (uri, expected) => {
    expect(withDatabase(uri, 'auth')).toBe(expected);
  });
});
