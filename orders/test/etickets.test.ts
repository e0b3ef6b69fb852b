// DESIGN §12 "E-tickets": issued signed when an order completes, shown to its holder only, admitted once at the door
// by an admin, transferred by its holder to another registered user (a new code; the old one refused).
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { ChargeRefunded, EventCancelled, newObjectId, UserCreated, type OrderJson } from '@ticketing/common';
import { publishEvent, settled, TEST_ETICKET_PRIVATE_KEY } from '@ticketing/testing';
import { eticketCode, verifyEticketCode } from '../src/eticket/code';
import { EticketPrivateKey } from '../src/eticket/signing-key';
import { Order } from '../src/models/order';
import { findUserEmail, findUserIdByEmail, userReplica } from '../src/models/user-replica';
import {
  adminCookie,
  completedOrder,
  registeredUser,
  scan,
  titledEvent,
  transfer,
  type RegisteredUser,
} from './support/etickets';
import { api, listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

/** A buyer known to orders, and their completed order for a new ticket of a new event. */
async function boughtTicket(fields: { startsInMs?: number } = {}) {
  const buyer = await registeredUser(h.bus, { email: `jane-${newObjectId()}@example.com` });
  const event = titledEvent({ title: 'Jazz at the Pier', ...fields });
  const order = await completedOrder(h, buyer, { event, title: 'Balcony, seat 12' });
  return { buyer, event, order, code: order.eticket!.code };
}

/** A user orders knows of (UserCreated applied). */
async function knownUser(): Promise<RegisteredUser> {
  const user = await registeredUser(h.bus);
  await settled(h.bus, 'orders-user-created');
  return user;
}

describe('e-tickets: issuing and verification', () => {
  test('When an order completes, then its buyer sees an e-ticket at serial 1 that the public key verifies, over the order, ticket, event, holder and serial', async () => {
    const { buyer, event, order, code } = await boughtTicket();

    expect(order).toMatchObject({ status: 'completed', holderId: buyer.id, eticket: { serial: 1, code } });
    expect(order.eticket).not.toHaveProperty('usedAt');
    expect(order).not.toHaveProperty('transfer');
    // The key is public: no session needed.
    const key = await api(h.url, 'GET', '/api/orders/eticket-key');
    expect(key.status).toBe(200);
    expect(key.body).toEqual({ publicKey: expect.stringContaining('BEGIN PUBLIC KEY'), algorithm: 'Ed25519' });
    const [body, signature] = code.split('.') as [string, string];
    expect(
      verify(null, Buffer.from(body), createPublicKey(key.body.publicKey), Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toEqual({
      o: order.id,
      t: order.ticket.id,
      e: event.id,
      h: buyer.id,
      s: 1,
    });
  });

  test('When any character of a code is changed, added or removed, or another key signed it, then it does not verify, and the door answers 400 "Not a valid ticket"', async () => {
    const { event, code } = await boughtTicket();
    const { publicKey } = EticketPrivateKey.parse(TEST_ETICKET_PRIVATE_KEY);
    expect(verifyEticketCode(code, publicKey)).not.toBeNull();

    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const tampered: string[] = [];
    for (let i = 0; i < code.length; i++) {
      // Two replacements per position: the next character of the alphabet, and one outside it.
      const next = alphabet[(alphabet.indexOf(code[i]!) + 1) % alphabet.length]!;
      tampered.push(code.slice(0, i) + next + code.slice(i + 1), code.slice(0, i) + '=' + code.slice(i + 1));
    }
    tampered.push(code + 'A', code.slice(1), code.slice(0, -1), `${code}.${code}`, code.replace('.', ''));
    expect(tampered.filter((altered) => verifyEticketCode(altered, publicKey) !== null)).toEqual([]);

    const claims = verifyEticketCode(code, publicKey)!;
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const forged = eticketCode(claims, otherKey);
    for (const bad of [forged, tampered[10]!, 'not a code']) {
      const res = await scan(h, event.id, bad);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'Not a valid ticket', field: 'code' }] });
    }
    // Nothing was used by them: the real code is still admitted.
    expect((await scan(h, event.id, code)).status).toBe(200);
  });

  test('When the e-ticket key is not an Ed25519 private key in PEM, then the config is refused with a message saying so', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(EticketPrivateKey.safeParse(rsa.toString()).error?.issues[0]?.message).toBe(
      'must be an Ed25519 key, not rsa',
    );
    expect(EticketPrivateKey.safeParse('nonsense').error?.issues[0]?.message).toMatch(/not a readable PEM private key/);
  });

  test('When an order was completed before e-tickets were issued, then its buyer gets one at serial 1 when reading it', async () => {
    const { buyer, event, order } = await boughtTicket();
    await Order.collection.updateOne({ _id: order.id } as never, { $unset: { eticket: '', holderId: '' } });

    const listed = (await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie })).body as OrderJson[];
    const shown = (await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body as OrderJson;

    expect(listed).toEqual([order]);
    expect(shown).toEqual(order);
    expect((await scan(h, event.id, shown.eticket!.code)).status).toBe(200);
  });

  test('When an order is not completed, then it carries no e-ticket', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    const res = await orderTicket(h, buyer.cookie, ticket.id);
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('eticket');
    expect((await api(h.url, 'GET', `/api/orders/${res.body.id}`, { cookie: buyer.cookie })).body).not.toHaveProperty(
      'holderId',
    );
  });
});

describe('e-tickets: entry (POST /api/entries)', () => {
  test('When an admin scans a valid code, then 200 admits it with the event, the ticket and the masked e-mail; scanned again, 409 "Already used at <time>"', async () => {
    const { buyer, event, order, code } = await boughtTicket();
    const tally = () => api(h.url, 'GET', `/api/entries?eventId=${event.id}`, { cookie: adminCookie() });
    const before = await tally();

    const first = await scan(h, event.id, code);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      admitted: true,
      event: { id: event.id, title: 'Jazz at the Pier' },
      ticket: { id: order.ticket.id, title: 'Balcony, seat 12' },
      holder: { email: `j***@${buyer.email.split('@')[1]}` },
      tally: { eventId: event.id, sold: 1, admitted: 1 },
    });
    // The door's count, admitted against sold, whichever door scanned; for admins only.
    expect(before.body).toEqual({ eventId: event.id, sold: 1, admitted: 0 });
    expect((await tally()).body).toEqual({ eventId: event.id, sold: 1, admitted: 1 });
    expect((await api(h.url, 'GET', `/api/entries?eventId=${event.id}`, { cookie: buyer.cookie })).status).toBe(403);
    expect((await api(h.url, 'GET', '/api/entries?eventId=nope', { cookie: adminCookie() })).status).toBe(400);
    const seen = (await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body as OrderJson;
    expect(seen.eticket?.usedAt).toEqual(expect.any(String));

    const again = await scan(h, event.id, code);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ errors: [{ message: `Already used at ${seen.eticket!.usedAt}` }] });
  });

  test('When the code is of another event, then 409 says so; when the event was cancelled, then 409 says so', async () => {
    const { event, code } = await boughtTicket();

    const other = await scan(h, newObjectId(), code);
    expect(other.status).toBe(409);
    expect(other.body).toEqual({ errors: [{ message: 'This ticket is for another event' }] });

    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, 'orders-event-cancelled');
    const cancelled = await scan(h, event.id, code);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body).toEqual({ errors: [{ message: 'The event was cancelled' }] });
  });

  test('When the order was refunded (ChargeRefunded, again or redelivered), then its code is refused at the door and it cannot be transferred, with the reason', async () => {
    const { buyer, event, order, code } = await boughtTicket();
    const friend = await knownUser();
    const refund = { id: newObjectId(), orderId: order.id, amount: 20, stripeRefundId: 're_test' };

    await publishEvent(h.bus, ChargeRefunded, refund);
    await publishEvent(h.bus, ChargeRefunded, refund);
    await settled(h.bus, 'orders-charge-refunded');
    const scanned = await scan(h, event.id, code);
    const given = await transfer(h, order.id, buyer, friend.email);
    const stored = await Order.findById(order.id).lean().exec();

    expect(scanned.status).toBe(409);
    expect(scanned.body).toEqual({ errors: [{ message: 'This order was refunded' }] });
    expect(given.status).toBe(409);
    expect(given.body).toEqual({ errors: [{ message: 'This order was refunded' }] });
    expect(stored).toMatchObject({ status: 'completed', eticket: { serial: 1 }, version: order.version });
    expect(stored?.eticket?.usedAt).toBeUndefined();
  });

  test('When someone other than an admin scans, or the body is bad, then 401, 403 or 400 naming the field, and nothing is used', async () => {
    const { buyer, event, code } = await boughtTicket();

    expect((await api(h.url, 'POST', '/api/entries', { json: { eventId: event.id, code } })).status).toBe(401);
    const notAdmin = await scan(h, event.id, code, buyer.cookie);
    expect(notAdmin.status).toBe(403);
    const badEvent = await scan(h, 'nope', code, adminCookie());
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.errors[0].field).toBe('eventId');
    const noCode = await api(h.url, 'POST', '/api/entries', { cookie: adminCookie(), json: { eventId: event.id } });
    expect(noCode.status).toBe(400);
    expect(noCode.body.errors[0].field).toBe('code');
    expect((await scan(h, event.id, code)).status).toBe(200);
  });
});

describe('e-tickets: transfer (POST /api/orders/:id/transfer)', () => {
  test('When the holder transfers to a registered user, then the sender sees "transferred to <email>", the new holder the new code, and only the new code is admitted', async () => {
    const { buyer, event, order, code } = await boughtTicket();
    const friend = await knownUser();

    const res = await transfer(h, order.id, buyer, ` ${friend.email.toUpperCase()} `);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, transfer: { direction: 'from-you', email: friend.email } });
    expect(res.body).not.toHaveProperty('eticket');
    expect(res.body).not.toHaveProperty('holderId');

    const theirs = (await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: friend.cookie })).body as OrderJson;
    expect(theirs).toMatchObject({ holderId: friend.id, eticket: { serial: 2 }, transfer: { direction: 'to-you' } });
    expect(theirs.eticket!.code).not.toBe(code);
    // Both find it in their list: the new holder as given to them, the buyer as given away.
    const friendsList = (await api(h.url, 'GET', '/api/orders', { cookie: friend.cookie })).body as OrderJson[];
    expect(friendsList.map((o) => o.id)).toEqual([order.id]);
    expect(friendsList[0]).toMatchObject({ transfer: { direction: 'to-you' }, eticket: { serial: 2 } });
    const buyersList = (await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie })).body as OrderJson[];
    expect(buyersList).toEqual([res.body]);

    const old = await scan(h, event.id, code);
    expect(old.status).toBe(409);
    expect(old.body).toEqual({ errors: [{ message: 'This ticket was transferred; ask the holder for the new code' }] });
    expect((await scan(h, event.id, theirs.eticket!.code)).status).toBe(200);
    // Used: no longer transferable.
    const late = await transfer(h, order.id, friend, buyer.email);
    expect(late.status).toBe(409);
    expect(late.body.errors[0].message).toMatch(/^Already used at /);
  });

  test('When the e-mail is yours, unknown or malformed, then 400 naming email; when you do not hold it, 403; a stranger cannot read it', async () => {
    const { buyer, order } = await boughtTicket();
    const friend = await knownUser();

    for (const email of [buyer.email, 'nobody-here@example.com', 'not-an-email']) {
      const res = await transfer(h, order.id, buyer, email);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ message: expect.any(String), field: 'email' }]);
    }
    expect((await transfer(h, order.id, friend, buyer.email)).status).toBe(403);
    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: friend.cookie })).status).toBe(403);
    expect((await transfer(h, newObjectId(), buyer, friend.email)).status).toBe(404);

    expect((await transfer(h, order.id, buyer, friend.email)).status).toBe(200);
    // The buyer no longer holds it: they can neither transfer it again nor get its code.
    const again = await transfer(h, order.id, buyer, friend.email);
    expect(again.status).toBe(403);
    expect(again.body).toEqual({ errors: [{ message: 'You no longer hold this ticket' }] });
  });

  test('When the event has started, then the ticket cannot be transferred (409)', async () => {
    const { buyer, event, order } = await boughtTicket({ startsInMs: 2_500 });
    const friend = await knownUser();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(event.startsAt) - Date.now() + 50)));

    const res = await transfer(h, order.id, buyer, friend.email);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'The event has started' }] });
  });
});

describe('e-tickets: malformed requests', () => {
  test('When entries and transfers get malformed bodies, then each answer is a 4xx in the error shape and the e-ticket is unchanged', async () => {
    const { buyer, event, order, code } = await boughtTicket();
    const bodies: unknown[] = [
      null,
      [],
      'code',
      42,
      {},
      { eventId: { $gt: '' }, code },
      { eventId: event.id, code: { $ne: null } },
      { eventId: event.id, code: 123 },
      { eventId: event.id, code: 'x'.repeat(5_000) },
      { eventId: event.id, code: `${code}\u0000` },
      { eventId: [event.id], code: [code] },
      { email: { $regex: '.*' } },
      { email: ['a@b.co'] },
      { email: 'a@b.co'.repeat(100) },
    ];
    const statuses: number[] = [];
    for (const json of bodies) {
      for (const [path, cookie] of [
        ['/api/entries', adminCookie()],
        [`/api/orders/${order.id}/transfer`, buyer.cookie],
        ['/api/orders/%zz/transfer', buyer.cookie],
      ] as const) {
        const res = await api(h.url, 'POST', path, { cookie, json });
        statuses.push(res.status);
        expect(res.body.errors[0]).toEqual(expect.objectContaining({ message: expect.any(String) }));
      }
    }
    expect(statuses.filter((status) => status < 400 || status >= 500)).toEqual([]);
    const after = (await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body as OrderJson;
    expect(after).toEqual(order);
  });
});

describe("orders' users replica (UserCreated)", () => {
  test('When UserCreated arrives, again or republished, then orders knows the user once, by id and by e-mail', async () => {
    const user = await registeredUser(h.bus);
    await publishEvent(h.bus, UserCreated, { id: user.id, email: user.email, version: 0 });
    await settled(h.bus, 'orders-user-created');

    expect(await findUserIdByEmail(user.email)).toBe(user.id);
    expect(await findUserEmail(user.id)).toBe(user.email);
    expect(await userReplica.model.countDocuments({ email: user.email })).toBe(1);
  });
});
