import path from 'node:path';
import { findPublishCauses } from '../src/publish-causes';

// A miniature service in test/fixtures/scan/tickets/src: a route, a listener, a worker and their model code.
const FIXTURES = path.join(__dirname, 'fixtures', 'scan');

describe('publish causes (static scan)', () => {
  test('When routes, listeners and a worker create events, then each event is attributed to what triggers it', () => {
    const causes = findPublishCauses(['tickets'], FIXTURES);

    expect(causes.map((c) => `${c.trigger.kind} | ${c.trigger.label} → ${c.event}`)).toEqual([
      'http | POST /api/tickets → TicketCreated',
      'event | OrderCreated → TicketUpdated',
      'other | expiryProcessor() (src/jobs/worker.ts) → OrderExpired',
      'other | ticketOps (src/models/ticket.ts) → TicketCreated',
    ]);
  });
});
