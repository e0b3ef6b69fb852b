// The admin of the local system (DESIGN §12 "Roles"): the seed of admin@ticketing.dev that every start runs, and
// `npm run admin`, which finds the stores of the npm start on DATA_DIR. Both run auth's built admin CLI against the
// harness's MongoDB engine and Redis (`npx tsc -b` first), as a start runs it against its own.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ADMIN_EMAIL, runAdminCli, seedAdmin, type AdminTarget } from '../src/start/admin';
import { REPO_ROOT, withDatabase } from '../src/start/parts';
import { withoutCredentials } from '../src/secret-free-log';
import { runToExit } from '../src/engines/run-command';

/** The harness's engines, as a start's own: a fresh MongoDB server URI (auth's database is added) and Redis. */
function harnessTarget(): AdminTarget {
  const mongoUri = process.env.TEST_MONGO_URI;
  const redisUrl = process.env.REDIS_URL;
  if (!mongoUri || !redisUrl) throw new Error('run through jest: its global setup starts the engines');
  return { mongoUri, redisUrl };
}

let dataDir: string;
let mongo: MongoClient;

beforeAll(async () => {
  mongo = await MongoClient.connect(withDatabase(harnessTarget().mongoUri, 'auth'));
});

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ticketing-admin-'));
  // Each test its own admin: the seed's account is one per store, and the harness's store is shared by this file.
  await mongo.db().collection('users').deleteMany({ email: ADMIN_EMAIL });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  await mongo?.db().collection('users').deleteMany({ email: ADMIN_EMAIL });
  await mongo?.close();
});

async function storedUser(email: string) {
  return mongo.db().collection<{ _id: string; email: string; roles?: string[] }>('users').findOne({ email });
}

describe('the seeded admin', () => {
  test('When a start seeds without ADMIN_PASSWORD, then the admin is made with a generated password, printed once and kept 0600', async () => {
    const passwordFile = path.join(dataDir, 'admin.json');
    const first: string[] = [];
    const second: string[] = [];

    const made = await seedAdmin({
      repoRoot: REPO_ROOT,
      target: harnessTarget(),
      passwordFile,
      log: (l) => first.push(l),
    });
    const again = await seedAdmin({
      repoRoot: REPO_ROOT,
      target: harnessTarget(),
      passwordFile,
      log: (l) => second.push(l),
    });

    expect(made).toEqual({ email: ADMIN_EMAIL, password: expect.stringMatching(/^[\w-]{24}$/), passwordFile });
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    expect((await storedUser(ADMIN_EMAIL))?.roles).toEqual(['admin']);
    expect(first.filter((line) => line.includes(made.password))).toEqual([
      `admin: ${ADMIN_EMAIL}, password ${made.password} (shown this once; kept in ${passwordFile})`,
    ]);
    expect(first.some((line) => line.startsWith(`admin: created the account ${ADMIN_EMAIL}`))).toBe(true);
    expect(again).toEqual(made);
    expect(second.filter((line) => line.includes(made.password))).toEqual([]);
    expect(second).toContain(`admin: ${ADMIN_EMAIL}, password kept in ${passwordFile}`);
    expect(second.some((line) => line.includes('already holds admin; nothing changed'))).toBe(true);
  });

  test('When ADMIN_PASSWORD is given, then it is the password, nothing is written to the data dir, and it is not printed', async () => {
    const passwordFile = path.join(dataDir, 'admin.json');
    const adminPassword = `pw-${randomUUID()}`;
    const lines: string[] = [];

    const seeded = await seedAdmin({
      repoRoot: REPO_ROOT,
      target: harnessTarget(),
      passwordFile,
      adminPassword,
      log: (l) => lines.push(l),
    });

    expect(seeded).toEqual({ email: ADMIN_EMAIL, password: adminPassword });
    await expect(stat(passwordFile)).rejects.toThrow(/ENOENT/);
    expect((await storedUser(ADMIN_EMAIL))?.roles).toEqual(['admin']);
    expect(lines.filter((line) => line.includes(adminPassword))).toEqual([]);
    expect(lines).toContain(`admin: ${ADMIN_EMAIL}, password from ADMIN_PASSWORD`);
  });
});

/** Runs `npm run admin -- <args>` (the root script's file) with DATA_DIR and `env`, and waits for its exit. */
function npmRunAdmin(args: string[], env: Record<string, string> = {}) {
  return runToExit(process.execPath, [path.join(REPO_ROOT, 'infra/local/dist/start/admin-cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env },
  });
}

describe('npm run admin', () => {
  /** The files a start writes: the engines (Redis without its password) and the secrets (Redis' password). */
  async function writeStartFiles(): Promise<void> {
    const { mongoUri, redisUrl } = harnessTarget();
    const engines = { mongoUri, natsUrl: 'nats://127.0.0.1:9', redisUrl: withoutCredentials(redisUrl) };
    await writeFile(path.join(dataDir, 'engines.json'), JSON.stringify(engines));
    await writeFile(path.join(dataDir, 'secrets.json'), JSON.stringify({ redisPassword: new URL(redisUrl).password }));
  }

  test('When npm start runs on DATA_DIR, then grant and revoke reach its stores without MONGO_URI or REDIS_URL', async () => {
    await writeStartFiles();
    await runAdminCli(REPO_ROOT, harnessTarget(), ['grant', ADMIN_EMAIL, '--create'], { ADMIN_PASSWORD: 'password-1' });

    const revoked = await npmRunAdmin(['revoke', ADMIN_EMAIL]);
    const afterRevoke = await storedUser(ADMIN_EMAIL);
    const granted = await npmRunAdmin(['grant', ADMIN_EMAIL]);

    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toContain(`admin revoked from ${ADMIN_EMAIL}`);
    expect(afterRevoke?.roles).toEqual([]);
    expect(granted.code).toBe(0);
    expect((await storedUser(ADMIN_EMAIL))?.roles).toEqual(['admin']);
  });

  test("When the email has no account, then it exits 1 with auth's reason", async () => {
    await writeStartFiles();

    const run = await npmRunAdmin(['grant', 'nobody@ticketing.dev']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no account has the email nobody@ticketing.dev');
  });

  test('When no npm start has run on DATA_DIR and MONGO_URI is not set, then it exits 1 saying what to do', async () => {
    const run = await npmRunAdmin(['grant', ADMIN_EMAIL]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/engines\.json.*is npm start running\? Or set MONGO_URI and REDIS_URL/);
  });
});
