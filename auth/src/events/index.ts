import { UserCreated } from '@ticketing/common';
import type { Listener } from '@ticketing/common';

/** What auth publishes (read by the flow map and checked against DESIGN §5). */
export const publishes = [UserCreated] as const;

/** What auth consumes: nothing yet (DESIGN §5). */
export const listeners: Listener[] = [];
