import { AccountEmail, authedUser, idParam, parseBody, requireAuth, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { viewOrder } from '../eticket/order-view';
import { transferOrder } from '../eticket/transfer';

const TransferBody = z.object({ email: AccountEmail });

/**
 * POST /api/orders/:id/transfer { email } (DESIGN §12, by the holder): 200 the order as the sender now sees it
 * ("transferred to <email>", no code); 400 naming `email` (malformed, yourself, or no such user); 401; 403 not the
 * holder; 404 (a malformed id too); 409 used, void or the event started.
 */
export function transferOrderRouter(privateKey: KeyObject): Router {
  return Router()
    .post('/api/orders/:id/transfer', requireAuth, async (req, res) => {
      const id = idParam(req.params.id, 'order');
      const { email } = parseBody(TransferBody, req);
      const user = authedUser(req);
      const stored = await transferOrder(id, user.id, email);
      res.json(viewOrder(stored, user.id, privateKey));
    })
    .use(undecodableIdIsNotFound('order'));
}
