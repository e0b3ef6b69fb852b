import { randomBytes } from 'node:crypto';
import { roomClosesAt, type EventCreatedData, type QueueClosedReason, type Redis } from '@ticketing/common';
import { roomKeyList } from './room-keys';
import {
  admitScript,
  applyTicketScript,
  cancelRoomScript,
  defineRoomScript,
  joinScript,
  roomStateScript,
  statusesScript,
  statusScript,
} from './room-scripts';

/** DESIGN §13's rate of an event that sets none (its window's default is common's, which orders shares). */
export const DEFAULT_ADMIT_PER_MINUTE = 200;
/** A room's keys are kept this long after its event starts (or its queue ends, if later), then Redis drops them. */
const KEEP_AFTER_MS = 7 * 24 * 3600_000;

/** A buyer's place as the scripts report it, before it becomes the JSON answer (queue-status.ts). */
export type Place =
  | { state: 'closed'; reason: QueueClosedReason }
  | { state: 'absent' | 'prequeue' }
  | { state: 'waiting'; position: number; ahead: number }
  | { state: 'admitted' | 'expired'; position: number; passExpiresAt: Date };

/** What every answer about a room carries. */
export interface RoomFacts {
  onSaleAt: Date;
  admitPerMinute: number;
  opensAt: Date;
}

export type JoinOutcome =
  | { outcome: 'no-room' }
  | { outcome: 'not-open'; room: RoomFacts }
  | { outcome: 'closed'; room: RoomFacts; reason: QueueClosedReason }
  | { outcome: 'joined' | 'member'; room: RoomFacts; place: Place };

export type StatusOutcome = { outcome: 'no-room' } | { outcome: 'status'; room: RoomFacts; place: Place };

/** The room parameters of an event, from EventCreated; undefined for an event without a waiting room. */
export function roomOf(
  event: EventCreatedData,
  prequeueMinutes: number,
): { onSaleAt: number; opensAt: number; closesAt: number; rate: number; expireAt: number } | undefined {
  // The window orders enforces passes in (common's roomClosesAt), so that queue and orders close it together.
  const closesAt = roomClosesAt(event);
  if (closesAt === null || !event.onSaleAt) return undefined;
  const onSaleAt = Date.parse(event.onSaleAt);
  return {
    onSaleAt,
    opensAt: onSaleAt - Math.round(prequeueMinutes * 60_000),
    closesAt,
    rate: event.admitPerMinute ?? DEFAULT_ADMIT_PER_MINUTE,
    expireAt: Math.max(closesAt, Date.parse(event.startsAt)) + KEEP_AFTER_MS,
  };
}

/** Makes the room of `event` if it has one and it is not made yet (EventCreated, redelivered or republished). */
export async function defineRoom(redis: Redis, event: EventCreatedData, prequeueMinutes: number): Promise<boolean> {
  const room = roomOf(event, prequeueMinutes);
  if (!room) return false;
  const made = await defineRoomScript(redis, roomKeyList(event.id), [
    event.id,
    room.onSaleAt,
    room.opensAt,
    room.closesAt,
    room.rate,
    room.expireAt,
  ]);
  return made === 1;
}

/** Closes the room of a cancelled event, for good (EventCancelled; before or after EventCreated). */
export async function cancelRoom(redis: Redis, eventId: string): Promise<void> {
  await cancelRoomScript(redis, roomKeyList(eventId), [eventId, KEEP_AFTER_MS]);
}

/**
 * Keeps the unsold count of a room event from its tickets' states (TicketCreated, TicketUpdated): unsold unless sold
 * or withdrawn; a reserved ticket is unsold, since its order may expire. Only tickets of events with a waiting room.
 */
export async function applyTicket(
  redis: Redis,
  ticket: { id: string; version: number; sold?: boolean; withdrawn?: boolean },
  event: { id: string; startsAt: string },
): Promise<boolean> {
  const unsold = ticket.sold !== true && ticket.withdrawn !== true;
  const expireAt = Date.parse(event.startsAt) + KEEP_AFTER_MS;
  const applied = await applyTicketScript(redis, roomKeyList(event.id), [
    event.id,
    ticket.id,
    ticket.version,
    unsold ? 1 : 0,
    expireAt,
  ]);
  return applied === 1;
}

/**
 * The secret order of the pre-queue: a random 53-bit number from the OS's cryptographic generator (exact in a
 * Redis sorted set's double score). Ranked at onSaleAt, these make every order of the pre-queue equally likely;
 * two equal draws among 10,000 buyers have a chance of about 1 in 10^8.
 */
function shuffleScore(): string {
  return String(randomBytes(8).readBigUInt64BE() >> 11n);
}

/** `userId` joins the room of `eventId` (one place per user; again at the back after a pass ran out unused). */
export async function joinRoom(redis: Redis, eventId: string, userId: string): Promise<JoinOutcome> {
  const reply = asStrings(await joinScript(redis, roomKeyList(eventId), [eventId, userId, shuffleScore()]));
  if (reply[0] === 'none') return { outcome: 'no-room' };
  const room = roomFacts(reply);
  const [kind, ...rest] = reply.slice(3);
  if (kind === 'notopen') return { outcome: 'not-open', room };
  if (kind === 'closed') return { outcome: 'closed', room, reason: closedReason(rest[0]) };
  return { outcome: kind === 'joined' ? 'joined' : 'member', room, place: placeOf(rest) };
}

/** Where `userId` stands in the room of `eventId`. */
export async function roomStatus(redis: Redis, eventId: string, userId: string): Promise<StatusOutcome> {
  const reply = asStrings(await statusScript(redis, roomKeyList(eventId), [eventId, userId]));
  if (reply[0] === 'none') return { outcome: 'no-room' };
  return { outcome: 'status', room: roomFacts(reply), place: placeOf(reply.slice(3)) };
}

/**
 * A room as the live feed reads it once per tick (roomStateScript): what a followed buyer's place is derived from.
 * `now` is Redis's clock, which decides whether a pass still runs.
 */
export interface RoomState {
  room: RoomFacts;
  now: number;
  closed: QueueClosedReason | undefined;
  shuffled: boolean;
  /** Positions 1..admitted have left the line; the waiting are the positions above. */
  admitted: number;
  /** Expired buyers who joined again (each at a new position). */
  noShows: number;
}

/** The state of the room of `eventId`, or undefined without a room. */
export async function readRoomState(redis: Redis, eventId: string): Promise<RoomState | undefined> {
  const reply = asStrings(await roomStateScript(redis, roomKeyList(eventId), [eventId]));
  if (reply[0] === 'none') return undefined;
  const [now, closed, shuffled, admitted, noShows] = reply.slice(3);
  return {
    room: roomFacts(reply),
    now: Number(now),
    closed: closed ? closedReason(closed) : undefined,
    shuffled: shuffled === '1',
    admitted: Number(admitted),
    noShows: Number(noShows),
  };
}

/** Where each of `userIds` stands in the room of `eventId`, at one instant, in one call (the feed's reads). */
export async function roomStatuses(
  redis: Redis,
  eventId: string,
  userIds: readonly string[],
): Promise<{ room: RoomFacts; places: Place[] } | undefined> {
  const reply = await statusesScript(redis, roomKeyList(eventId), [eventId, ...userIds]);
  if (!Array.isArray(reply) || reply[0] === 'none') return undefined;
  const statuses = reply.slice(3).map((status: unknown) => placeOf(asStrings(status)));
  return { room: roomFacts(asStrings(reply.slice(0, 3))), places: statuses };
}

/** What one admission step did to a room (admission.ts's tick). */
export type AdmitOutcome =
  | { outcome: 'no-room' }
  | { outcome: 'closed'; reason: QueueClosedReason }
  | { outcome: 'before' | 'admitting'; admitted: number; waiting: number; expired: number; admitPerMinute: number };

/** One admission step of a room: see admitScript. `maxCreditMs` bounds what a late step may catch up. */
export async function admitStep(
  redis: Redis,
  eventId: string,
  passMs: number,
  maxCreditMs: number,
): Promise<AdmitOutcome> {
  const reply = asStrings(await admitScript(redis, roomKeyList(eventId), [eventId, passMs, maxCreditMs]));
  if (reply[0] === 'none') return { outcome: 'no-room' };
  if (reply[0] === 'closed') return { outcome: 'closed', reason: closedReason(reply[1]) };
  return {
    outcome: reply[0] === 'before' ? 'before' : 'admitting',
    admitted: Number(reply[1]),
    waiting: Number(reply[2]),
    expired: Number(reply[3]),
    admitPerMinute: Number(reply[4]),
  };
}

function roomFacts(reply: string[]): RoomFacts {
  return {
    onSaleAt: new Date(Number(reply[0])),
    admitPerMinute: Number(reply[1]),
    opensAt: new Date(Number(reply[2])),
  };
}

function placeOf([state, a, b, c]: string[]): Place {
  switch (state) {
    case 'closed':
      return { state, reason: closedReason(a) };
    case 'absent':
    case 'prequeue':
      return { state };
    case 'waiting':
      return { state, position: Number(a), ahead: Number(b) };
    case 'admitted':
    case 'expired':
      return { state, position: Number(a), passExpiresAt: new Date(Number(c)) };
    default:
      throw new Error(`unexpected room state from Redis: ${String(state)}`);
  }
}

function closedReason(value: string | undefined): QueueClosedReason {
  if (value === 'sold out' || value === 'cancelled' || value === 'ended') return value;
  throw new Error(`unexpected closed reason from Redis: ${String(value)}`);
}

/** A script's reply, which is an array of strings by construction (the scripts convert every number). */
function asStrings(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((part): part is string => typeof part === 'string'))
    throw new Error(`unexpected reply from a room script: ${JSON.stringify(reply)}`);
  return reply;
}
