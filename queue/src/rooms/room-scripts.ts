import { defineRedisScript } from './redis-script';
import { OPEN_ROOMS_KEY } from './room-keys';

// The room's state machine in Redis (DESIGN §13), as Lua scripts: each runs as one step, so that two replicas (or
// a replica and a join) never see half a shuffle or admit the same buyer twice. Time is Redis's own clock (TIME),
// one clock for every replica, so the rate does not depend on how well the replicas' clocks agree.
//
// A buyer's place is one field of `<room>:users`: "<state>:<position>:<pass expiry ms>", state one of prequeue,
// waiting, admitted ("expired" is an admitted place past its expiry). The pass id is "<eventId>:<position>": a new
// position (joining again after a no-show) is a new admission and a new pass.

/** Buyers the shuffle places per Redis call (2 arguments each: well under Lua's limit of 8,000 unpacked values). */
const SHUFFLE_BATCH = 500;

/** What every room script shares: KEYS = room, tickets, unsold (room-keys.ts); ARGV[1] = the event id. */
const PRELUDE = `
local room = KEYS[1]
local ticketVersions = KEYS[2]
local unsold = KEYS[3]
local users = room .. ':users'
local pre = room .. ':pre'
local waiting = room .. ':waiting'
local admitted = room .. ':admitted'

local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function field(name)
  return tonumber(redis.call('HGET', room, name))
end

-- Every key of a room goes when the room's data is no longer needed (a week after its event starts).
local function keep(key)
  local expireAt = redis.call('HGET', room, 'expireAt')
  if expireAt then redis.call('PEXPIREAT', key, expireAt) end
end

local function readUser(user)
  local value = redis.call('HGET', users, user)
  if not value then return nil end
  local state, pos, exp = string.match(value, '^(%a+):(%d+):(%d*)$')
  return state, tonumber(pos), tonumber(exp)
end

local function writeUser(user, state, pos, exp)
  redis.call('HSET', users, user, state .. ':' .. string.format('%d', pos) .. ':' .. (exp and string.format('%d', exp) or ''))
end

-- Why the room no longer takes anyone, or false: cancelled, then sold out (tickets were listed and none is left
-- unsold), then past onSaleAt + queueMinutes.
local function closedReason(now)
  if redis.call('HGET', room, 'cancelled') then return 'cancelled' end
  if redis.call('HLEN', ticketVersions) > 0 and redis.call('SCARD', unsold) == 0 then return 'sold out' end
  if now >= field('closesAt') then return 'ended' end
  return false
end

-- The shuffle, once, at onSaleAt: the pre-queue ranked by the random scores drawn (crypto, 53 bits) when each buyer
-- joined, which no one sees and which do not depend on the joining order, so the positions 1..n are a uniformly
-- random permutation of the pre-queue. Whoever comes first after onSaleAt (a join, a status, a tick) does it, inside
-- its own script: nobody can join the pre-queue after it, and nobody is placed after it before it.
local function settle(now)
  if redis.call('HGET', room, 'shuffled') then return end
  if now < field('onSaleAt') then return end
  local members = redis.call('ZRANGE', pre, 0, -1)
  -- A ZADD and an HSET per ${SHUFFLE_BATCH} buyers, not per buyer: Redis answers nobody while this runs, and a call
  -- costs far more than a member (5,000 buyers took 31 to 38 ms of Redis's time one call each, 16 to 20 in batches).
  for from = 1, #members, ${SHUFFLE_BATCH} do
    local scored, places = {}, {}
    for i = from, math.min(from + ${SHUFFLE_BATCH} - 1, #members) do
      scored[#scored + 1] = i
      scored[#scored + 1] = members[i]
      places[#places + 1] = members[i]
      places[#places + 1] = 'waiting:' .. string.format('%d', i) .. ':'
    end
    redis.call('ZADD', waiting, unpack(scored))
    redis.call('HSET', users, unpack(places))
  end
  redis.call('DEL', pre)
  redis.call('HSET', room, 'shuffled', '1', 'lastPos', #members, 'lastAdmitAt', now)
  keep(waiting)
  keep(users)
end

-- Later joiners, and no-shows joining again, go to the back, first come first placed.
local function append(user)
  local pos = redis.call('HINCRBY', room, 'lastPos', 1)
  redis.call('ZADD', waiting, pos, user)
  writeUser(user, 'waiting', pos, nil)
  keep(waiting)
  keep(users)
end

-- A buyer's status: { state, reason | position, ahead, pass expiry }. Closed for everyone once the room is cancelled
-- or sold out; once it ended, for everyone but a buyer whose pass still runs.
local function status(user, now)
  local reason = closedReason(now)
  if not reason then settle(now) end
  local state, pos, exp = readUser(user)
  local live = state == 'admitted' and exp > now
  if reason and not (reason == 'ended' and live) then return { 'closed', reason } end
  if not state then return { 'absent' } end
  if state == 'prequeue' then return { 'prequeue' } end
  if state == 'waiting' then
    return { 'waiting', tostring(pos), tostring(redis.call('ZCOUNT', waiting, '-inf', '(' .. pos)) }
  end
  return { live and 'admitted' or 'expired', tostring(pos), '0', string.format('%d', exp) }
end

-- Prefixes a status with what every answer carries: onSaleAt, the rate, opensAt.
local function answer(parts)
  local out = { redis.call('HGET', room, 'onSaleAt'), redis.call('HGET', room, 'rate'), redis.call('HGET', room, 'opensAt') }
  for _, part in ipairs(parts) do out[#out + 1] = part end
  return out
end
`;

/**
 * Makes the room of an event with a waiting room, once: ARGV = eventId, onSaleAt, opensAt, closesAt (ms), rate per
 * minute, expireAt (ms). A room already made is left as it is (a redelivered or republished EventCreated); a
 * cancellation that came first is kept. Returns 1 when it made the room.
 */
export const defineRoomScript = defineRedisScript(`${PRELUDE}
if redis.call('HGET', room, 'onSaleAt') then return 0 end
redis.call('HSET', room, 'onSaleAt', ARGV[2], 'opensAt', ARGV[3], 'closesAt', ARGV[4], 'rate', ARGV[5], 'expireAt', ARGV[6])
keep(room)
redis.call('SADD', '${OPEN_ROOMS_KEY}', ARGV[1])
return 1
`);

/**
 * Closes the room of a cancelled event for good, made or not yet (EventCancelled may come before EventCreated: they
 * are read by two durables). ARGV = eventId, how long to keep a room never made (ms).
 */
export const cancelRoomScript = defineRedisScript(`${PRELUDE}
redis.call('HSET', room, 'cancelled', '1')
if redis.call('PTTL', room) < 0 then redis.call('PEXPIRE', room, ARGV[2]) end
return 1
`);

/**
 * Applies a ticket's state if it is newer than what was applied (TicketCreated and TicketUpdated carry the whole
 * state, so a newer version replaces an older one whatever the arrival order, and an older or repeated one does
 * nothing). ARGV = eventId, ticketId, version, 1 when unsold (neither sold nor withdrawn), expireAt (ms).
 * Returns 1 when applied.
 */
export const applyTicketScript = defineRedisScript(`${PRELUDE}
local applied = tonumber(redis.call('HGET', ticketVersions, ARGV[2]))
if applied and applied >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', ticketVersions, ARGV[2], ARGV[3])
if ARGV[4] == '1' then redis.call('SADD', unsold, ARGV[2]) else redis.call('SREM', unsold, ARGV[2]) end
redis.call('PEXPIREAT', ticketVersions, ARGV[5])
redis.call('PEXPIREAT', unsold, ARGV[5])
return 1
`);

/**
 * A buyer joins (POST /api/queue/:eventId). ARGV = eventId, userId, the buyer's random score (for the shuffle).
 * Replies { 'none' } without a room, else answer(...) of: { 'closed', reason }, { 'notopen' } before opensAt, or
 * { 'joined' | 'member', ...status }: joined when the buyer took a new place (first join, or again after a no-show).
 */
export const joinScript = defineRedisScript(`${PRELUDE}
if not redis.call('HGET', room, 'onSaleAt') then return { 'none' } end
local now = clock()
local user = ARGV[2]
local reason = closedReason(now)
if reason then return answer({ 'closed', reason }) end
if now < field('opensAt') then return answer({ 'notopen' }) end
settle(now)
local state, pos, exp = readUser(user)
local outcome = 'member'
if not state then
  outcome = 'joined'
  redis.call('HINCRBY', room, 'joined', 1)
  if redis.call('HGET', room, 'shuffled') then
    append(user)
  else
    redis.call('ZADD', pre, ARGV[3], user)
    writeUser(user, 'prequeue', 0, nil)
    keep(pre)
    keep(users)
  end
elseif state == 'admitted' and exp <= now then
  -- A pass that ran out unused (a no-show): joining again is a new place at the back (DESIGN §13).
  outcome = 'joined'
  redis.call('ZREM', admitted, user)
  redis.call('HINCRBY', room, 'noShows', 1)
  append(user)
end
local parts = { outcome }
for _, part in ipairs(status(user, now)) do parts[#parts + 1] = part end
return answer(parts)
`);

/** A buyer's status (GET /api/queue/:eventId). ARGV = eventId, userId. Replies { 'none' } or answer(status). */
export const statusScript = defineRedisScript(`${PRELUDE}
if not redis.call('HGET', room, 'onSaleAt') then return { 'none' } end
return answer(status(ARGV[2], clock()))
`);

/**
 * One admission step of a room (each replica's tick). ARGV = eventId, pass duration (ms), the most credit the
 * step may use (ms). Admits the first in line, as many as the time since the last admission allows at the room's
 * rate, never more: the time of the last admission moves on by exactly one slot (60000 / rate ms) per buyer
 * admitted, so the fraction left over counts at the next step; unused time (nobody waiting) and credit older than
 * the maximum (no replica ticked for a while) lapse, so a late tick never releases a burst. Replies { 'none' },
 * { 'closed', reason }, or { 'before' | 'admitting', admitted now, waiting, passes expired, rate } ('before': before onSaleAt).
 */
export const admitScript = defineRedisScript(`${PRELUDE}
if not redis.call('HGET', room, 'onSaleAt') then return { 'none' } end
local now = clock()
local reason = closedReason(now)
if reason then return { 'closed', reason } end
if now < field('onSaleAt') then
  return { 'before', '0', tostring(redis.call('ZCARD', pre)), '0', redis.call('HGET', room, 'rate') }
end
settle(now)
local rate = field('rate')
local last = field('lastAdmitAt')
local maxCredit = tonumber(ARGV[3])
if now - last > maxCredit then last = now - maxCredit end
local allowance = math.floor((now - last) * rate / 60000)
local n = 0
if allowance > 0 then
  local popped = redis.call('ZPOPMIN', waiting, allowance)
  local exp = now + tonumber(ARGV[2])
  for i = 1, #popped, 2 do
    writeUser(popped[i], 'admitted', tonumber(popped[i + 1]), exp)
    redis.call('ZADD', admitted, exp, popped[i])
  end
  n = #popped / 2
  if n > 0 then
    redis.call('HINCRBY', room, 'admitted', n)
    keep(admitted)
  end
end
if n < allowance then last = now else last = last + n * 60000 / rate end
redis.call('HSET', room, 'lastAdmitAt', string.format('%.3f', last))
local expired = (field('noShows') or 0) + redis.call('ZCOUNT', admitted, '-inf', now)
return { 'admitting', tostring(n), tostring(redis.call('ZCARD', waiting)), tostring(expired), tostring(rate) }
`);

/**
 * What the live feed needs of a room at each tick (status-feed.ts), in one call whatever the number of buyers
 * followed: the same shuffle as a status read first, then Redis's clock, why the room is closed ('' if open), 1 once
 * shuffled, and the counters that move a waiting buyer's place (the admitted count: admission pops positions in
 * order, and positions are 1..lastPos with none skipped, so the waiting are exactly the positions above it) and an
 * expired one's (the no-shows who joined again). ARGV = eventId. Replies { 'none' } or answer({ now, reason,
 * shuffled, admitted, noShows }).
 */
export const roomStateScript = defineRedisScript(`${PRELUDE}
if not redis.call('HGET', room, 'onSaleAt') then return { 'none' } end
local now = clock()
local reason = closedReason(now)
if not reason then settle(now) end
return answer({ string.format('%d', now), reason or '', redis.call('HGET', room, 'shuffled') and '1' or '0',
  tostring(field('admitted') or 0), tostring(field('noShows') or 0) })
`);

/**
 * The statuses of several buyers of one room at one instant, as statusScript answers each (the feed reads those
 * whose place it cannot derive). ARGV = eventId, userIds… Replies { 'none' } or answer of one status (an array) per
 * user, in order.
 */
export const statusesScript = defineRedisScript(`${PRELUDE}
if not redis.call('HGET', room, 'onSaleAt') then return { 'none' } end
local now = clock()
local statuses = {}
for i = 2, #ARGV do statuses[#statuses + 1] = status(ARGV[i], now) end
return answer(statuses)
`);
