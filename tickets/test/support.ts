import { randomUUID } from 'node:crypto';
import { loadConfig, newObjectId, type Bus } from '@ticketing/common';
import { eventually, sessionCookie, startTestService, type TestService, TEST_JWT_KEY } from '@ticketing/testing';
import request from 'supertest';
import { ConfigSchema } from '../src/config';
import { Ticket, type TicketJson } from '../src/models/ticket';
import { ticketsService } from '../src/service';

/** The tickets service running in this test process, its own NATS, and a bus connection acting as the other services. */
export type TicketsUnderTest = TestService;

/** Starts tickets; `env` adds to its environment (EVENTS_MIN_LEAD_SECONDS for events that start during a test). */
export function startTickets(env: Record<string, string> = {}): Promise<TicketsUnderTest> {
  return startTestService((e) => ticketsService(loadConfig(ConfigSchema, e)), { database: 'tickets', env });
}

/** A signed-in seller: the Cookie header and the user. */
export function signIn(): { cookie: string; userId: string } {
  const { cookie, user } = sessionCookie(TEST_JWT_KEY);
  return { cookie, userId: user.id };
}

let titles = 0;
/** A title no other test uses. */
export function uniqueTitle(prefix = 'Concert'): string {
  titles += 1;
  return `${prefix} ${process.pid}-${titles}-${Date.now()}`;
}

/** Lists a ticket through the API and returns its JSON (fails the test if that does not answer 201). */
export async function createTicket(
  url: string,
  cookie: string,
  body: { title?: string; price?: number } = {},
): Promise<TicketJson> {
  const res = await request(url)
    .post('/api/tickets')
    .set('Cookie', cookie)
    .send({ title: body.title ?? uniqueTitle(), price: body.price ?? 20 });
  if (res.status !== 201) throw new Error(`create ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TicketJson;
}

/** The error body every service answers (DESIGN §3). */
export function expectErrorShape(body: unknown): void {
  expect(body).toEqual({
    errors: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
  });
  const errors = (body as { errors: Array<Record<string, unknown>> }).errors;
  for (const item of errors) {
    expect(Object.keys(item).every((k) => k === 'message' || k === 'field')).toBe(true);
    if ('field' in item) expect(typeof item.field).toBe('string');
  }
}

/** OrderCreated data for a ticket, as orders would publish it (a fresh order id and buyer). */
export function orderCreatedData(ticketId: string, price = 20) {
  return {
    id: newObjectId(),
    version: 0,
    status: 'created' as const,
    userId: newObjectId(),
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: ticketId, price, version: 0 },
  };
}

/** Resolves once every event stored for `ticketId` is published (its outbox is empty). */
export async function outboxFlushed(ticketId: string): Promise<void> {
  await eventually(
    async () => (await Ticket.countDocuments({ _id: ticketId, 'outbox.0': { $exists: true } })) === 0,
    `outbox of ticket ${ticketId} flushed`,
  );
}

/** GET /api/tickets/:id body. */
export async function getTicket(url: string, id: string): Promise<TicketJson> {
  const res = await request(url).get(`/api/tickets/${id}`);
  if (res.status !== 200) throw new Error(`get ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TicketJson;
}

/** Publishes raw bytes on a subject, bypassing the contract check, as a broken publisher would. */
export async function publishRaw(bus: Bus, subject: string, data: unknown): Promise<void> {
  const envelope = { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data };
  await bus.js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id });
}

/**
 * Events in version order. The stream's order is not asserted: the outbox publishes each version right after its
 * insert, concurrently, and consumers order by version, not by arrival.
 */
export function byVersion<T extends { data: { version: number } }>(events: T[]): T[] {
  return [...events].sort((a, b) => a.data.version - b.data.version);
}
