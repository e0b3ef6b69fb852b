// DESIGN §3: POST /api/tickets honours an Idempotency-Key, so a client's retry gets the first answer, not a duplicate.
import request from 'supertest';
import { Ticket } from '../src/models/ticket';
import { signIn, startTickets, type TicketsUnderTest } from './support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

const list = (cookie: string, body: object, key?: string) => {
  const req = request(t.url).post('/api/tickets').set('Cookie', cookie);
  if (key !== undefined) req.set('Idempotency-Key', key);
  return req.send(body);
};

describe('POST /api/tickets with an Idempotency-Key', () => {
  test('When the same request is sent three times with one key, then one ticket is stored and each answer is it', async () => {
    const { cookie, userId } = signIn();
    const body = { title: 'Retried Concert', price: 30 };

    const answers = await Promise.all([list(cookie, body, 'key-1'), list(cookie, body, 'key-1')]);
    const again = await list(cookie, body, 'key-1');

    expect([...answers, again].map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set([...answers, again].map((a) => a.body.id)).size).toBe(1);
    expect(await Ticket.countDocuments({ userId, title: 'Retried Concert' })).toBe(1);
  });

  // The request that takes the key is not always the one that stores the ticket: its concurrent retry, which found
  // the key taken, may store it first (seen on a clean CI machine as a 500 to the first request).
  test('When many requests with one key race, then every answer is 201 with the one ticket', async () => {
    const { cookie, userId } = signIn();
    const body = { title: 'Raced Concert', price: 30 };

    const answers = (
      await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          Promise.all(Array.from({ length: 6 }, () => list(cookie, { ...body, price: 30 + k }, `race-${k}`))),
        ),
      )
    ).flat();

    expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body])).toEqual([]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(8);
    expect(await Ticket.countDocuments({ userId, title: 'Raced Concert' })).toBe(8);
  });

  test('When two sellers use the same key, then each gets a ticket of their own', async () => {
    const [a, b] = [signIn(), signIn()];

    const first = await list(a.cookie, { title: 'Shared key', price: 10 }, 'same-key');
    const second = await list(b.cookie, { title: 'Shared key', price: 10 }, 'same-key');

    expect(first.body.id).not.toBe(second.body.id);
    expect(second.body.userId).toBe(b.userId);
  });

  test('When the key is reused for another body, then 400 naming the header and nothing new is stored', async () => {
    const { cookie, userId } = signIn();
    await list(cookie, { title: 'First', price: 10 }, 'key-2');

    const res = await list(cookie, { title: 'Second', price: 99 }, 'key-2');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: 'was already used for a different request', field: 'Idempotency-Key' }],
    });
    expect(await Ticket.countDocuments({ userId })).toBe(1);
  });

  test.each([['has spaces'], ['x'.repeat(256)], ['ünïcode']])(
    'When the key is malformed (%#), then 400 naming the header',
    async (key) => {
      const res = await list(signIn().cookie, { title: 'Bad key', price: 10 }, key);

      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
    },
  );

  test('When no key is sent, then two identical requests list two tickets', async () => {
    const { cookie, userId } = signIn();

    await list(cookie, { title: 'Twice', price: 10 });
    await list(cookie, { title: 'Twice', price: 10 });

    expect(await Ticket.countDocuments({ userId })).toBe(2);
  });
});
