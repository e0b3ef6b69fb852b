// `npm run republish -- users` (DESIGN §16) on the local system: the root script's file finds auth's database and
// auth's NATS login in the DATA_DIR of a running npm start and runs auth's built republish CLI with them (`npx tsc -b`
// first). What the CLI publishes is auth's test (auth/test/republish-cli.test.ts); this is the finding and the
// passing on.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runToExit } from '../src/engines/run-command';
import { REPO_ROOT } from '../src/start/parts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ticketing-republish-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function npmRunRepublish(args: string[]) {
  return runToExit(process.execPath, [path.join(REPO_ROOT, 'infra/local/dist/bus/republish-cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
  });
}

describe('npm run republish', () => {
  test("When npm start runs on DATA_DIR, then auth's CLI gets its database and bus, and says when the bus is not there", async () => {
    const mongoUri = process.env.TEST_MONGO_URI;
    if (!mongoUri) throw new Error('run through jest: its global setup starts the engines');
    // A port nothing listens on: the CLI reaches the database, then reports the bus it was given.
    await writeFile(path.join(dataDir, 'engines.json'), JSON.stringify({ mongoUri, natsUrl: 'nats://127.0.0.1:9' }));
    await writeFile(path.join(dataDir, 'secrets.json'), JSON.stringify({ bus: { passwords: { auth: 'pw' } } }));

    const run = await npmRunRepublish(['users']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('republish: the bus (NATS_URL) cannot be reached');
  });

  test("When it is asked for events, then tickets' CLI gets tickets' database and tickets' bus login", async () => {
    const mongoUri = process.env.TEST_MONGO_URI;
    if (!mongoUri) throw new Error('run through jest: its global setup starts the engines');
    await writeFile(path.join(dataDir, 'engines.json'), JSON.stringify({ mongoUri, natsUrl: 'nats://127.0.0.1:9' }));
    // Only tickets' password: auth's is not what this command uses.
    await writeFile(path.join(dataDir, 'secrets.json'), JSON.stringify({ bus: { passwords: { tickets: 'pw' } } }));

    const run = await npmRunRepublish(['events']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('republish: the bus (NATS_URL) cannot be reached');
  });

  test('When it is asked for something else, then it exits 2 with the usage', async () => {
    await writeFile(
      path.join(dataDir, 'engines.json'),
      JSON.stringify({ mongoUri: 'mongodb://x/y', natsUrl: 'nats://x' }),
    );
    await writeFile(path.join(dataDir, 'secrets.json'), JSON.stringify({ bus: { passwords: { auth: 'pw' } } }));

    const run = await npmRunRepublish(['orders']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run republish -- users | events');
  });

  test('When no npm start has run on DATA_DIR and no store is named, then it exits 1 saying what to do', async () => {
    const run = await npmRunRepublish(['users']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/engines\.json.*is npm start running\? Or set MONGO_URI, NATS_URL/);
  });
});
