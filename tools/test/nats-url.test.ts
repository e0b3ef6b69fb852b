import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_NATS_URL, resolveNatsUrl } from '../src/nats-url';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'trace-url-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('where the trace finds NATS', () => {
  test('When --nats, NATS_URL and an engines file are all there, then --nats wins, then NATS_URL', async () => {
    await mkdir(path.join(cwd, '.data'));
    await writeFile(path.join(cwd, '.data', 'engines.json'), JSON.stringify({ natsUrl: 'nats://127.0.0.1:5001' }));

    expect(resolveNatsUrl('nats://flag:1', { NATS_URL: 'nats://env:2' }, cwd).url).toBe('nats://flag:1');
    expect(resolveNatsUrl(undefined, { NATS_URL: 'nats://env:2' }, cwd).url).toBe('nats://env:2');
    expect(resolveNatsUrl(undefined, {}, cwd)).toEqual({
      url: 'nats://127.0.0.1:5001',
      source: path.join('.data', 'engines.json'),
    });
  });

  test('When npm start kept its data in DATA_DIR/engines, then the engines file there is read', async () => {
    await mkdir(path.join(cwd, 'state', 'engines'), { recursive: true });
    await writeFile(
      path.join(cwd, 'state', 'engines', 'engines.json'),
      JSON.stringify({ natsUrl: 'nats://127.0.0.1:5002' }),
    );

    expect(resolveNatsUrl(undefined, { DATA_DIR: 'state' }, cwd).url).toBe('nats://127.0.0.1:5002');
  });

  test("When npm start's engines file holds the operator's login, then it is used, unless NATS_USER and NATS_PASSWORD are set", async () => {
    await mkdir(path.join(cwd, '.data'));
    await writeFile(
      path.join(cwd, '.data', 'engines.json'),
      JSON.stringify({ natsUrl: 'nats://127.0.0.1:5003', natsUser: 'operator', natsPassword: 'from-file' }),
    );

    expect(resolveNatsUrl(undefined, {}, cwd).login).toEqual({ user: 'operator', password: 'from-file' });
    expect(resolveNatsUrl('nats://flag:1', {}, cwd).login).toEqual({ user: 'operator', password: 'from-file' });
    expect(resolveNatsUrl(undefined, { NATS_USER: 'me', NATS_PASSWORD: 'mine' }, cwd).login).toEqual({
      user: 'me',
      password: 'mine',
    });
  });

  test('When nothing says where NATS is, then the default local URL is used', () => {
    expect(resolveNatsUrl(undefined, {}, cwd)).toEqual({ url: DEFAULT_NATS_URL, source: 'default' });
  });
});
