// GET /v1/events/:id (https://docs.stripe.com/api/events/retrieve): a receiver can fetch an event it was told about
// rather than trust the webhook's copy.
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const RetrieveEventParams = z.strictObject({ expand: unsupportedExpand.optional() });

export const retrieveEvent: Operation = ({ state, params, id }) => {
  const event = state.events.get(id);
  if (event === undefined) throw resourceMissing('event', id, 'id', 404);
  parseParams(RetrieveEventParams, params);
  return { status: 200, body: event };
};
