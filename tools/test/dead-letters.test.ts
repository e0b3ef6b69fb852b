import {
  ARCHIVE_STREAM_NAME,
  ChargeCreated,
  connectBus,
  createLogger,
  defineListener,
  drainBus,
  listen,
  NeverApplicableError,
  newObjectId,
  STREAM_NAME,
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

  test('When a service forges letters (payload altered, another subject, a sequence that names nothing), then --replay publishes nothing and keeps them', async () => {
    // A real message to point at: a ticket.created that orders handles, and a charge.created (nobody's durable here
    // but deployment's orders-charge-created) that orders may not publish itself.
    refuse = false;
    const real = { id: newObjectId(), version: 0, title: 'Real', price: 10, userId: newObjectId() };
    const { ack: realAck } = await publishEvent(testBus, TicketCreated, real);
    const { ack: chargeAck } = await publishEvent(testBus, ChargeCreated, {
      ...ChargeCreated.example,
      status: 'completed',
    });
    await eventually(() => handled.includes(real.id), 'real event handled');
    const original = JSON.parse(
      (await testBus.jsm.streams.getMessage(ARCHIVE_STREAM_NAME, { seq: realAck.seq }))?.string() ?? 'null',
    ) as { data: typeof real };
    const letter = (streamSequence: number, subject: string, payload: unknown) =>
      JSON.stringify({
        subject,
        durable: 'orders-ticket-created',
        streamSequence,
        deliveryCount: 20,
        error: 'x',
        deadAt: new Date().toISOString(),
        payload,
      });
    // orders may publish dead.ticket.created (it consumes ticket.created): with its own credentials, it writes three.
    for (const forged of [
      letter(realAck.seq, 'ticket.created', { ...original, data: { ...original.data, price: 1 } }),
      letter(
        chargeAck.seq,
        'charge.created',
        JSON.parse(
          (await testBus.jsm.streams.getMessage(ARCHIVE_STREAM_NAME, { seq: chargeAck.seq }))?.string() ?? 'null',
        ),
      ),
      letter(999_999, 'ticket.created', original),
    ]) {
      await serviceBus.js.publish('dead.ticket.created', forged);
    }
    const before = (await testBus.jsm.streams.info(STREAM_NAME)).state.last_seq;

    const replayed = await deadLetters('--replay', 'all');

    expect(replayed.code).toBe(1);
    expect(replayed.out).toBe('');
    expect(replayed.err.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^not replayed #\d+: the letter's payload differs from message #\d+'s$/),
      expect.stringMatching(
        /^not replayed #\d+: the letter \(charge\.created, on dead\.ticket\.created\) does not match/,
      ),
      expect.stringMatching(/^not replayed #\d+: no message #999999 in TICKETING_ARCHIVE$/),
    ]);
    expect((await testBus.jsm.streams.info(STREAM_NAME)).state.last_seq).toBe(before);
    expect(JSON.parse((await deadLetters('--json')).out)).toHaveLength(3);
  });

  test('When --replay names no dead letter, then it says so and exits 1', async () => {
    expect(await deadLetters('--replay', '999999')).toMatchObject({ code: 1, err: 'no dead letter #999999\n' });
    expect((await deadLetters('--replay', 'x')).code).toBe(2);
  });
});
