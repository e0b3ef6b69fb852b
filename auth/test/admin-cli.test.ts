// `npm run admin -- grant|revoke <email>` (DESIGN §12 "Roles"), run as the operator runs it: the built CLI
// (`npx tsc -b auth` first) in a process of its own, against the same database and Redis as a running auth.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { testMongoUri } from '@ticketing/testing';
import { User } from '../src/models/user';
import { api, signUpUser, startAuth, uniqueEmail, type TestAuth } from './support';

const entry = path.resolve(__dirname, '../dist/admin-cli.js');

let auth: TestAuth;
let mongoUri: string;

beforeAll(async () => {
  mongoUri = testMongoUri('auth');
  auth = await startAuth({ MONGO_URI: mongoUri });
});

afterAll(async () => {
  await auth?.stop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`, auth's MONGO_URI and REDIS_URL (unless `env` says otherwise), and waits for its exit. */
function admin(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const fullEnv = { PATH: process.env.PATH ?? '', MONGO_URI: mongoUri, REDIS_URL: auth.redis.url, ...env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      env: Object.fromEntries(Object.entries(fullEnv).filter((e): e is [string, string] => e[1] !== undefined)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function currentUser(cookie: string | undefined): Promise<unknown> {
  return (await api(auth.url, 'GET', '/api/users/currentuser', { cookie })).body;
}

async function signIn(email: string, password: string) {
  const res = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password } });
  expect(res.status).toBe(200);
  return res;
}

describe('npm run admin -- grant', () => {
  test('When an account is granted admin, then its old session is signed out and a new sign-in carries roles: [admin]', async () => {
    const { email, password, user, cookie } = await signUpUser(auth.url);

    const run = await admin(['grant', email]);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`admin granted to ${email} (user ${user.id})`);
    expect(await currentUser(cookie)).toEqual({ currentUser: null });
    const signedIn = await signIn(email, password);
    expect(signedIn.body).toEqual({ id: user.id, email, roles: ['admin'] });
    expect(await currentUser(signedIn.sessionCookie)).toEqual({
      currentUser: { id: user.id, email, roles: ['admin'] },
    });
  });

  test('When the email is given in capitals with spaces, then the account of its lower-cased form is granted', async () => {
    const { email, password } = await signUpUser(auth.url);

    const run = await admin(['grant', `  ${email.toUpperCase()} `]);

    expect(run.code).toBe(0);
    expect((await signIn(email, password)).body).toMatchObject({ roles: ['admin'] });
  });

  test('When admin is granted twice, then the second changes nothing: one role, and the session since the first stays', async () => {
    const { email, password } = await signUpUser(auth.url);
    await admin(['grant', email]);
    const since = await signIn(email, password);

    const again = await admin(['grant', email]);

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already holds admin; nothing changed');
    expect(await currentUser(since.sessionCookie)).toMatchObject({ currentUser: { roles: ['admin'] } });
    expect((await User.findOne({ email }).lean())?.roles).toEqual(['admin']);
  });

  test('When no account has the email, then it exits 1 naming the email, and no account is made', async () => {
    const email = uniqueEmail('nobody');

    const run = await admin(['grant', email]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no account has the email ${email}`);
    expect(await User.countDocuments({ email })).toBe(0);
  });

  test('When a grant changes the roles, then the account keeps its version (roles are in no event)', async () => {
    const { email } = await signUpUser(auth.url);

    await admin(['grant', email]);

    expect((await User.findOne({ email }).lean())?.version).toBe(0);
  });
});

describe('npm run admin -- grant --create', () => {
  test('When no account has the email, then it is created with ADMIN_PASSWORD and granted; run again, nothing changes', async () => {
    const email = uniqueEmail('admin');
    const password = 'a-long-admin-password';

    const first = await admin(['grant', email, '--create'], { ADMIN_PASSWORD: password });
    const signedIn = await signIn(email, password);
    const second = await admin(['grant', email, '--create'], { ADMIN_PASSWORD: 'another-password' });

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`created the account ${email}`);
    expect(signedIn.body).toMatchObject({ email, roles: ['admin'] });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('created');
    expect(second.stdout).toContain('already holds admin');
    // The existing account's password is kept, and the session of the first password goes on.
    await signIn(email, password);
    expect(await currentUser(signedIn.sessionCookie)).toMatchObject({ currentUser: { email } });
  });

  test('When --create is given without ADMIN_PASSWORD, or with one too short, then it exits 2 naming it', async () => {
    const email = uniqueEmail('admin');

    const missing = await admin(['grant', email, '--create']);
    const short = await admin(['grant', email, '--create'], { ADMIN_PASSWORD: 'short' });

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ADMIN_PASSWORD');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/ADMIN_PASSWORD: must be 8 to 128 characters \(set \(hidden\)\)/);
    expect(await User.countDocuments({ email })).toBe(0);
  });
});

describe('npm run admin -- revoke', () => {
  test('When an admin is revoked, then their admin session is signed out and a new sign-in has no roles', async () => {
    const { email, password, user } = await signUpUser(auth.url);
    await admin(['grant', email]);
    const adminSession = await signIn(email, password);

    const run = await admin(['revoke', email]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`admin revoked from ${email}`);
    expect(await currentUser(adminSession.sessionCookie)).toEqual({ currentUser: null });
    const signedIn = await signIn(email, password);
    expect(signedIn.body).toEqual({ id: user.id, email });
    expect(await currentUser(signedIn.sessionCookie)).toEqual({ currentUser: { id: user.id, email } });
  });

  test('When someone who is not an admin is revoked, then it exits 0 and their sessions end all the same', async () => {
    const { email, cookie } = await signUpUser(auth.url);

    const run = await admin(['revoke', email]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('does not hold admin');
    expect(await currentUser(cookie)).toEqual({ currentUser: null });
  });
});

describe('npm run admin: bad arguments and environment', () => {
  test.each([
    ['no arguments', []],
    ['an unknown command', ['promote', 'a@test.dev']],
    ['no email', ['grant']],
    ['two emails', ['grant', 'a@test.dev', 'b@test.dev']],
    ['an unknown flag', ['grant', 'a@test.dev', '--force']],
    ['--create with revoke', ['revoke', 'a@test.dev', '--create']],
    ['an email that is not one', ['grant', 'not-an-email']],
  ])('When given %s, then it exits 2 with the usage or the reason, and changes nothing', async (_what, args) => {
    const run = await admin(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^admin: /);
    expect(run.stdout).toBe('');
  });

  test('When MONGO_URI and REDIS_URL are not set, then it exits 2 naming both', async () => {
    const run = await admin(['grant', 'a@test.dev'], { MONGO_URI: undefined, REDIS_URL: undefined });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('MONGO_URI: ');
    expect(run.stderr).toContain('REDIS_URL: ');
  });

  test('When Redis cannot be reached, then it exits 1 saying so', async () => {
    const run = await admin(['revoke', 'a@test.dev'], { REDIS_URL: 'redis://:pw@127.0.0.1:9' });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^admin: Redis \(REDIS_URL\) cannot be reached/);
    expect(run.stderr).not.toContain(':pw@');
  });
});
