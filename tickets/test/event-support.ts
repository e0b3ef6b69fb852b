import type { EventJson, TicketJson } from '@ticketing/common';
import { sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';
import request from 'supertest';
import { uniqueTitle } from './support';

/** An admin's session (DESIGN §12 "Roles"). */
export function signInAdmin(): { cookie: string; userId: string } {
  const { cookie, user } = sessionCookie(TEST_JWT_KEY, { roles: ['admin'] });
  return { cookie, userId: user.id };
}

/** An ISO date `seconds` from now. */
export function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1_000).toISOString();
}

/** A valid POST /api/events body: a unique title, a start in ten days, unless `overrides` say otherwise. */
export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: uniqueTitle('Rock Night'),
    venue: 'Olympiastadion',
    city: 'Berlin',
    startsAt: inSeconds(10 * 86_400),
    category: 'concert',
    ...overrides,
  };
}

/** Adds an event through the API (fails the test unless 201) and returns its JSON. */
export async function createEvent(
  url: string,
  cookie: string,
  overrides: Record<string, unknown> = {},
): Promise<EventJson> {
  const res = await request(url).post('/api/events').set('Cookie', cookie).send(eventBody(overrides));
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventJson;
}

/** Lists a ticket for an event through the API (fails the test unless 201). */
export async function listForEvent(
  url: string,
  cookie: string,
  eventId: string,
  body: { title?: string; price?: number } = {},
): Promise<TicketJson> {
  const res = await request(url)
    .post('/api/tickets')
    .set('Cookie', cookie)
    .send({ title: body.title ?? 'Section 112, Row F', price: body.price ?? 50, eventId });
  if (res.status !== 201) throw new Error(`list for event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TicketJson;
}

/** GET /api/events/:id body (fails the test unless 200). */
export async function getEvent(url: string, id: string): Promise<EventJson> {
  const res = await request(url).get(`/api/events/${id}`);
  if (res.status !== 200) throw new Error(`get event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventJson;
}
