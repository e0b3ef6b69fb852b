import { authedUser, ObjectIdString, parseQuery, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { z } from 'zod';
import { listCharges } from '../models/charge';

const ListPaymentsQuery = z.object({ orderId: ObjectIdString.optional() });

/** GET /api/payments?orderId=: my charges, newest first, optionally for one order (DESIGN §3). */
export const listPaymentsRouter = Router().get('/api/payments', requireAuth, async (req, res) => {
  const { orderId } = parseQuery(ListPaymentsQuery, req);
  res.json(await listCharges(authedUser(req).id, orderId));
});
