import { authedUser, ForbiddenError, hasRole, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import type { Config } from '../config';
import { createEvent } from '../models/create-event';
import { eventBody, ON_SALE_FIELDS } from './event-fields';

/**
 * POST /api/events (DESIGN §12): any signed-in user adds an event; 201 with it, or 200 with the same event already
 * stored (same title, venue and start to the minute, whoever created it). The on-sale fields are an admin's: 403
 * naming the first one a non-admin sent. 400 naming each bad field.
 */
export function createEventRouter(config: Pick<Config, 'EVENTS_MIN_LEAD_SECONDS'>): Router {
  return Router().post('/api/events', requireAuth, async (req, res) => {
    const body = parseBody(eventBody(config.EVENTS_MIN_LEAD_SECONDS), req);
    const user = authedUser(req);
    const onSaleField = ON_SALE_FIELDS.find((field) => body[field] !== undefined);
    if (onSaleField && !hasRole(user, 'admin')) {
      throw new ForbiddenError('Only an admin can set the on-sale rules', onSaleField);
    }
    const { event, created } = await createEvent({
      ...body,
      waitingRoom: body.waitingRoom ?? false,
      createdBy: user.id,
    });
    res.status(created ? 201 : 200).json(event);
  });
}
