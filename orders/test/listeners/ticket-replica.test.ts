import { newObjectId, TicketCreated, TicketUpdated } from '@ticketing/common';
import { eventually, publishEvent, settled } from '@ticketing/testing';
import { findReplicatedTicket, TicketReplica } from '../../src/models/ticket-replica';
import { listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from '../support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

describe('listener: ticket.created', () => {
  test('When a ticket is created, then the replica holds it at version 0', async () => {
    const id = newObjectId();
    const userId = newObjectId();

    await publishEvent(h.bus, TicketCreated, { id, version: 0, title: 'Football Game', price: 40, userId });

    const ticket = await eventually(() => findReplicatedTicket(id), 'ticket in the replica');
    expect(ticket).toEqual({ id, version: 0, title: 'Football Game', price: 40, userId });
  });

  test('When the same TicketCreated is delivered twice (two event ids), then it is recorded once', async () => {
    const data = { id: newObjectId(), version: 0, title: 'Rock Concert', price: 100, userId: newObjectId() };

    await publishEvent(h.bus, TicketCreated, data);
    await publishEvent(h.bus, TicketCreated, data);
    await settled(h.bus, 'orders-ticket-created');

    expect(await TicketReplica.find({ _id: data.id }).lean()).toEqual([
      { _id: data.id, version: 0, title: 'Rock Concert', price: 100, userId: data.userId },
    ]);
  });

  test('When a TicketCreated payload is invalid, then it is terminated and nothing is stored', async () => {
    const id = newObjectId();
    const envelope = {
      id: newObjectId(),
      subject: 'ticket.created',
      occurredAt: new Date().toISOString(),
      data: { id, version: 0, title: '', price: -5 },
    };

    await h.bus.js.publish('ticket.created', JSON.stringify(envelope));
    await settled(h.bus, 'orders-ticket-created');

    expect(await findReplicatedTicket(id)).toBeNull();
  });
});

describe('listener: ticket.updated', () => {
  test('When v3 arrives before v2, and v2 twice, then each version is applied once, in order, ending at v3', async () => {
    const ticket = await listTicket(h, { title: 'v0', price: 10 });
    const base = { id: ticket.id, userId: ticket.userId };
    await publishEvent(h.bus, TicketUpdated, { ...base, version: 1, title: 'v1', price: 11 });
    await eventually(async () => (await findReplicatedTicket(ticket.id))?.version === 1, 'replica at v1');

    await publishEvent(h.bus, TicketUpdated, { ...base, version: 3, title: 'v3', price: 13 });
    await publishEvent(h.bus, TicketUpdated, { ...base, version: 2, title: 'v2', price: 12 });
    await publishEvent(h.bus, TicketUpdated, { ...base, version: 2, title: 'v2', price: 12 });

    const latest = await eventually(async () => {
      const t = await findReplicatedTicket(ticket.id);
      return t?.version === 3 ? t : null;
    }, 'replica at v3');
    await settled(h.bus, 'orders-ticket-updated');
    expect(latest).toMatchObject({ version: 3, title: 'v3', price: 13 });
  });

  test('When an update arrives before the ticket itself, then it waits and both are applied in order', async () => {
    const id = newObjectId();
    const userId = newObjectId();

    await publishEvent(h.bus, TicketUpdated, { id, version: 1, title: 'later', price: 50, userId });
    await publishEvent(h.bus, TicketCreated, { id, version: 0, title: 'first', price: 45, userId });

    await eventually(async () => (await findReplicatedTicket(id))?.version === 1, 'replica at v1');
    expect(await findReplicatedTicket(id)).toEqual({ id, version: 1, title: 'later', price: 50, userId });
  });

  test('When the price changed, then a new order carries the new price', async () => {
    const ticket = await listTicket(h, { price: 100 });
    await publishEvent(h.bus, TicketUpdated, {
      id: ticket.id,
      version: 1,
      title: ticket.title,
      price: 80,
      userId: ticket.userId,
    });
    await eventually(async () => (await findReplicatedTicket(ticket.id))?.version === 1, 'replica at v1');

    const res = await orderTicket(h, signIn().cookie, ticket.id);

    expect(res.status).toBe(201);
    expect(res.body.ticket.price).toBe(80);
  });
});
