import { EventCreated, newObjectId, type Bus, type EventCreatedData, type TicketCreatedData } from '@ticketing/common';
import { eventually, publishEvent, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';

/** The data of an EventCreated with a waiting room whose on-sale is `onSaleInMs` from now. */
export function roomEventData(onSaleInMs: number, overrides: Partial<EventCreatedData> = {}): EventCreatedData {
  const now = Date.now();
  return {
    id: newObjectId(),
    version: 0,
    title: 'Rock Night',
    startsAt: new Date(now + 24 * 3600_000).toISOString(),
    onSaleAt: new Date(now + onSaleInMs).toISOString(),
    waitingRoom: true,
    admitPerMinute: 60_000,
    queueMinutes: 60,
    ...overrides,
  };
}

/** Publishes EventCreated and waits until the service has made the room (a status read answers something but 404). */
export async function publishRoom(bus: Bus, url: string, data: EventCreatedData): Promise<EventCreatedData> {
  await publishEvent(bus, EventCreated, data);
  const probe = sessionCookie(TEST_JWT_KEY);
  await eventually(async () => {
    const res = await fetch(`${url}/api/queue/${data.id}`, { headers: { cookie: probe.cookie } });
    const body = (await res.json()) as { errors?: { message: string }[] };
    return res.status !== 404 || body.errors?.[0]?.message !== 'Waiting room not found';
  }, `the room of ${data.id}`);
  return data;
}

/** The data of a TicketCreated for `event` (a listing of a room event). */
export function roomTicketData(event: EventCreatedData): TicketCreatedData {
  return {
    id: newObjectId(),
    version: 0,
    title: 'Seat',
    price: 50,
    userId: newObjectId(),
    event: {
      id: event.id,
      startsAt: event.startsAt,
      waitingRoom: true,
      ...(event.onSaleAt && { onSaleAt: event.onSaleAt }),
    },
  };
}

/** A signed-in buyer: the session cookie and the user id. */
export function buyer(): { cookie: string; id: string } {
  const { cookie, user } = sessionCookie(TEST_JWT_KEY);
  return { cookie, id: user.id };
}

/** Calls the queue as `who`. */
export async function queueCall(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  who?: { cookie: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method, headers: who ? { cookie: who.cookie } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
