// GET /v1/events (https://docs.stripe.com/api/events/list): newest first, filtered by `type`, paged as Stripe's
// lists are. What a receiver reads to catch up on events its endpoint missed (Stripe keeps them 30 days).
import { z } from 'zod';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { listPage, listParams } from '../params/list-page';
import { parseParams } from '../params/parse-params';

const ListEventsParams = z.strictObject({
  type: z.string().optional(),
  ...listParams,
  expand: unsupportedExpand.optional(),
});

export const listEvents: Operation = ({ state, params: raw }) => {
  const params = parseParams(ListEventsParams, raw);
  const matching = [...state.events.values()]
    .reverse()
    .filter((event) => params.type === undefined || event.type === params.type);
  return { status: 200, body: listPage(matching, params, 'event', '/v1/events') };
};
