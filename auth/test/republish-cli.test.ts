// `npm run republish -- users` (DESIGN §16), as the operator runs it: the built CLI (`npx tsc -b auth` first) in a
// process of its own, against a running auth's database and bus, logged in as auth.
import path from 'node:path';
import { UserCreated } from '@ticketing/common';
import { busLoginEnv, eventsInStream, runNodeScript, testMongoUri } from '@ticketing/testing';
import { signUpUser, startAuth, type TestAuth } from './support';

const entry = path.resolve(__dirname, '../dist/republish-cli.js');

let auth: TestAuth;
let mongoUri: string;

beforeAll(async () => {
  mongoUri = testMongoUri('auth');
  auth = await startAuth({ MONGO_URI: mongoUri });
});

afterAll(async () => {
  await auth?.stop();
});

function republish(args: string[]) {
  return runNodeScript(entry, args, { MONGO_URI: mongoUri, NATS_URL: auth.nats.url, ...busLoginEnv('auth') });
}

describe('npm run republish -- users', () => {
  test('When it runs, then every account is published again as UserCreated at version 0, and running it again does the same', async () => {
    const accounts = [await signUpUser(auth.url), await signUpUser(auth.url)];

    const first = await republish(['users']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^republished \d+ accounts? as UserCreated/);
    expect((await republish(['users'])).code).toBe(0);

    for (const { user, email } of accounts) {
      const events = await eventsInStream(auth.bus, UserCreated, (data) => data.id === user.id);
      // The signup's, then one per run: each the account as it was created.
      expect(events.map((e) => e.data)).toEqual(Array(3).fill({ id: user.id, email, version: 0 }));
    }
  });

  test('When it is asked for anything but users, then it exits 2 with its usage', async () => {
    const run = await republish(['events']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run republish -- users');
  });
});
