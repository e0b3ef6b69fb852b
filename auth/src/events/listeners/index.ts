import type { Listener } from '@ticketing/common';

/** What auth consumes (DESIGN §5): nothing yet; a listener for a new subject goes in this folder, one per subject. */
export const listeners: readonly Listener[] = [];
