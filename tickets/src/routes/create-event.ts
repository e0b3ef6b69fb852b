import { authedUser, ForbiddenError, hasRole, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import type { Config } from '../config';
import { createEvent } from '../models/create-event';
import { eventBody, ON_SALE_FIELDS } from './event-fields';

/**
 * POST /api/events (DESIGN §12): any signed-in user adds an event; 201 with it, or 200 with the same event already
 * stored (same title, venue and start to the minute, whoever created it). The on-sale fields are an admin's: 403
 * naming the first one a non-admin sent, whatever its value. 400 naming each bad field.
 */
export function createEventRouter(config: Pick<Config, 'EVENTS_MIN_LEAD_SECONDS'>): Router {
  return Router().post('/api/events', requireAuth, async (req, res) => {
    const user = authedUser(req);
    // Before the body is judged: a non-admin may not send these at all, whatever their value.
    const onSaleField = ON_SALE_FIELDS.find((field) => sent(req.body, field));
    if (onSaleField && !hasRole(user, 'admin')) {
      throw new ForbiddenError('Only an admin can set the on-sale rules', onSaleField);
    }
    const body = parseBody(eventBody(config.EVENTS_MIN_LEAD_SECONDS), req);
    const { event, created } = await createEvent({
      ...body,
      waitingRoom: body.waitingRoom ?? false,
      createdBy: user.id,
    });
    res.status(created ? 201 : 200).json(event);
  });
}

/** Whether a JSON object body holds `field` (any value but undefined). */
function sent(body: unknown, field: string): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>)[field] !== undefined;
}
