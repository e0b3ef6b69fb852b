// jest globalSetup (see jest.preset.js): one MongoDB engine (memory backend), one NATS and one Redis per jest run, in a fresh temp dir.
// Test workers are forked after this runs, so the variables set on process.env here reach every test file.
// jest requires the module itself to be the function, hence `export =` rather than a named export.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEST_BUS_CREDENTIALS } from '../bus/credentials-file';
import { newBusCredentials } from '../bus/nats-config';
import { ensureEngines } from '../engines/ensure';
import { startEngines } from '../engines/start-engines';
import { makeStreams } from '../bus/streams';
import { REPO_ROOT } from '../start/parts';
import { saveState } from './engines-state';

export = async function globalSetup(): Promise<void> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ticketing-test-'));
  // Only installs print (a first run installs the engines); then the start is quiet, and ensureEngines is not run twice.
  await ensureEngines({
    log: (line) => process.stderr.write(`[engines] ${line}\n`),
    only: process.env.TEST_MONGO_URI ? ['nats', 'redis'] : ['mongo', 'nats', 'redis'],
  });
  // One set of bus credentials for the whole run: the private NATS servers test files start accept the same users, so
  // a helper that starts a service as a process can hand it its own user and password.
  const busCredentials = newBusCredentials();
  let engines;
  try {
    engines = await startEngines({ dataDir: tempDir, busCredentials });
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  saveState({ engines, tempDir });
  // The run's NATS gets its streams and durables as deployment makes them (the same CLI as npm start), since no
  // service may create them. Test files' private servers get theirs from the test kit (testing's startTestNats).
  try {
    await makeStreams({
      repoRoot: REPO_ROOT,
      natsUrl: engines.natsUrl,
      user: 'testkit',
      password: busCredentials.passwords.testkit,
    });
  } catch (error) {
    await engines.stop();
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }

  // A TEST_MONGO_URI set by the developer was used as is (startEngines started no engine for it); keep it.
  process.env.TEST_MONGO_URI = engines.mongoUri;
  process.env.NATS_URL = engines.natsUrl;
  // Not NATS_USER/NATS_PASSWORD: a service started with this environment must get its own user, not the test kit's.
  process.env[TEST_BUS_CREDENTIALS] = JSON.stringify(busCredentials);
  // With the password in it (redis://:<password>@127.0.0.1:<port>).
  process.env.REDIS_URL = engines.redisUrl;
  process.env.TEST_ENGINES_DIR = tempDir;
};
