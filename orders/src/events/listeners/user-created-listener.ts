import { defineListener, UserCreated } from '@ticketing/common';
import { applyUserVersion } from '../../models/user-replica';

/**
 * A user signed up (or auth republished an account, `npm run republish -- users`): the users replica learns their
 * e-mail, which a transfer names (DESIGN §12). Version 0 is an insert, so a redelivery or a republish is acked
 * without effect.
 */
export const userCreatedListener = defineListener({
  event: UserCreated,
  async handle(data) {
    await applyUserVersion(data);
  },
});
