import { parseQuery } from '@ticketing/common';
import { Router } from 'express';
import { listEvents } from '../models/find-events';
import { listEventsQuery } from './event-fields';

/**
 * GET /api/events (DESIGN §12): `{ events, next? }` by `startsAt` then id; `q` (every word begins a word of the
 * title, venue or city), `category`, `city` (exact, case and accents ignored), `from` (default now: started events
 * are hidden), `to`, `limit` (default 20, at most 100), `after` (the previous page's `next`). 400 naming a bad one.
 */
export const listEventsRouter = Router().get('/api/events', async (req, res) => {
  res.json(await listEvents(parseQuery(listEventsQuery(), req)));
});
