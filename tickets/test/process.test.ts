import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TicketCreated } from '@ticketing/common';
import {
  connectTestBus,
  nextEvent,
  sessionCookie,
  startServiceProcess,
  startTestNats,
  TEST_JWT_KEY,
  testMongoUri,
  type TestEngine,
} from '@ticketing/testing';
import { drainBus, type Bus } from '@ticketing/common';

// The service as production runs it (and as other services' tests run it): `node tickets/dist/index.js`.
// Needs a build first: `npx tsc -b tickets`.
const entry = join(__dirname, '../dist/index.js');

let nats: TestEngine;
let bus: Bus;
beforeAll(async () => {
  nats = await startTestNats();
  bus = await connectTestBus(nats.url);
});
afterAll(async () => {
  await drainBus(bus);
  await nats.stop();
});

describe('tickets as a process', () => {
  test('When started with a full environment, then it becomes ready, serves, publishes, and exits 0 on SIGTERM', async () => {
    const service = await startServiceProcess({
      name: 'tickets',
      entry,
      env: { MONGO_URI: testMongoUri('tickets_process'), NATS_URL: nats.url, JWT_KEY: TEST_JWT_KEY },
    });
    const { cookie } = sessionCookie(TEST_JWT_KEY);

    const created = await fetch(`${service.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: 'Football Game', price: 40 }),
    });

    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string };
    await nextEvent(bus, TicketCreated, (d) => d.id === ticket.id);
    expect(await service.stop()).toBe(0);
  });

  test('When JWT_KEY is missing, then it exits 1 and names the variable', async () => {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', MONGO_URI: testMongoUri('tickets_process'), NATS_URL: nats.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(output).toContain('JWT_KEY');
  });
});
