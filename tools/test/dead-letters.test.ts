import {
  connectBus,
  createLogger,
  defineListener,
  drainBus,
  listen,
  NeverApplicableError,
  newObjectId,
  TicketCreated,
  type Bus,
  type RunningListener,
} from '@ticketing/common';
import {
  connectTestBus,
  eventually,
  publishEvent,
  startTestNats,
  testBusLogin,
  type TestEngine,
} from '@ticketing/testing';
import { runDeadLettersCommand } from '../src/dead-letters-command';

let nats: TestEngine;
let testBus: Bus;
let serviceBus: Bus;
let listener: RunningListener;
/** What the service's handler does: refuse (the event can never succeed yet), or accept once fixed. */
let refuse = true;
const handled: string[] = [];

beforeAll(async () => {
  nats = await startTestNats();
  testBus = await connectTestBus(nats.url);
  serviceBus = await connectBus({
    url: nats.url,
    credentials: testBusLogin('orders'),
    service: 'orders',
    log: createLogger('orders', 'silent'),
  });
  listener = await listen(
    serviceBus,
    defineListener({
      event: TicketCreated,
      handle: async (data) => {
        if (refuse) throw new NeverApplicableError(`ticket ${data.id} names a seller we never heard of`);
        handled.push(data.id);
      },
    }),
  );
});

afterAll(async () => {
  await listener.stop();
  await drainBus(serviceBus);
  await drainBus(testBus);
  await nats.stop();
});

async function deadLetters(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDeadLettersCommand([...args, '--nats', nats.url], {
    // The tools log in as the unrestricted `operator` (npm start writes its login in DATA_DIR/engines.json).
    env: { NATS_USER: 'operator', NATS_PASSWORD: testBusLogin('operator').password },
    cwd: process.cwd(),
    out: (text) => (out += text),
    err: (text) => (err += text),
  });
  return { code, out, err };
}

describe('npm run dead-letters', () => {
  test('When a message can never succeed, then it is listed with its error and payload, and --replay delivers it again', async () => {
    const data = { id: newObjectId(), version: 0, title: 'Orphan', price: 10, userId: newObjectId() };
    await publishEvent(testBus, TicketCreated, data);
    await eventually(async () => (await deadLetters('--json')).out.includes(data.id), 'dead letter listed');

    const listed = await deadLetters();
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/#\d+ {2}\S+ {2}ticket\.created {2}orders-ticket-created \(delivery 1\)/);
    expect(listed.out).toContain(`error: NeverApplicableError: ticket ${data.id} names a seller we never heard of`);
    expect(listed.out).toContain(`"title":"Orphan"`);

    refuse = false;
    const id = /#(\d+)/.exec(listed.out)?.[1] ?? '';
    const replayed = await deadLetters('--replay', id);

    expect(replayed).toMatchObject({ code: 0, out: `replayed #${id} on ticket.created\n` });
    await eventually(() => handled.includes(data.id), 'replayed event handled');
    expect((await deadLetters()).out).toBe('no dead letters\n');
  });

  test('When --replay names no dead letter, then it says so and exits 1', async () => {
    expect(await deadLetters('--replay', '999999')).toMatchObject({ code: 1, err: 'no dead letter #999999\n' });
    expect((await deadLetters('--replay', 'x')).code).toBe(2);
  });
});
