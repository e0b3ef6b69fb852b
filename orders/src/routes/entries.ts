import { BadRequestError, ObjectIdString, parseBody, parseQuery, requireAdmin, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { checkIn } from '../eticket/check-in';
import { verifyEticketCode } from '../eticket/code';
import { entryTally } from '../eticket/entry-tally';

/** What a door answers for a code that orders did not sign as it is (forged, altered, or not a code). */
export const NOT_A_VALID_TICKET = 'Not a valid ticket';

// A code is a few hundred characters; the cap keeps a pasted novel from reaching the verifier.
const TallyQuery = z.object({ eventId: ObjectIdString });
const EntryBody = z.object({ eventId: ObjectIdString, code: z.string().trim().min(1, 'must not be empty').max(2000) });

/**
 * POST /api/entries { eventId, code } (DESIGN §12, admins at the door): 200 `{ admitted: true, event, ticket, holder }`
 * (the holder's e-mail masked); 400 naming a bad field, "Not a valid ticket" (naming `code`) for a forged or altered
 * code; 401; 403 not an admin; 409 with the reason: already used (when), another event, transferred since, not
 * paid or cancelled, the event cancelled. The answer carries the event's door count (`tally`).
 * GET /api/entries?eventId= (admins): that count, admitted against sold.
 */
export function entriesRouter(publicKey: KeyObject): Router {
  return Router()
    .post('/api/entries', requireAuth, requireAdmin, async (req, res) => {
      const { eventId, code } = parseBody(EntryBody, req);
      const claims = verifyEticketCode(code, publicKey);
      if (!claims) throw new BadRequestError(NOT_A_VALID_TICKET, 'code');
      const entry = await checkIn(eventId.toLowerCase(), claims);
      res.json({ ...entry, tally: await entryTally(entry.event.id) });
    })
    .get('/api/entries', requireAuth, requireAdmin, async (req, res) => {
      const { eventId } = parseQuery(TallyQuery, req);
      res.json(await entryTally(eventId.toLowerCase()));
    });
}
