import { authedUser, pageQuery, parseQuery, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { sellerPayouts } from '../models/seller-payouts';

const ListPayoutsQuery = pageQuery('order');

/**
 * GET /api/payments/payouts (DESIGN §12): my account's status, my payouts newest first (`limit`, default 50, at most
 * 100; `before=<orderId>` for the next page, answered as `next`), and the totals by state.
 */
export const listPayoutsRouter = Router().get('/api/payments/payouts', requireAuth, async (req, res) => {
  const page = parseQuery(ListPayoutsQuery, req);
  res.json(await sellerPayouts(authedUser(req).id, page, req.log));
});
