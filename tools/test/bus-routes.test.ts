// The NATS permissions (DESIGN §10) are made from infra/local's EVENT_ROUTES; this holds that table to what the code
// registers, so that a service given a new publisher or listener is also given the right to use it (or the test says
// which row to change). Consumers must match exactly (each is a durable the service may use); a publisher may be in
// the table before the code (DESIGN §5 names auth for user.updated, which nothing publishes yet), never the reverse.
import { EVENT_ROUTES } from '@ticketing/local';
import { buildFlow } from '../src/flow-model';
import { loadServices } from '../src/service-registry';
import { loadSourceIsolated } from './load-source';

describe('the bus permissions vs the code', () => {
  test("When the services' registrations are compared with EVENT_ROUTES, then each publisher is allowed and each consumer listed", () => {
    const scan = loadServices({ from: 'src', load: loadSourceIsolated });
    const flow = buildFlow(scan, []);

    const fromCode = Object.fromEntries(
      flow.subjects.map((s) => [
        s.subject,
        {
          // Only the table's publisher, or nobody yet.
          publishedBy: s.publishers.length === 0 ? [EVENT_ROUTES[s.subject]?.publishedBy] : [...s.publishers].sort(),
          consumedBy: s.consumers.map((c) => c.service).sort(),
        },
      ]),
    );
    const fromTable = Object.fromEntries(
      Object.entries(EVENT_ROUTES).map(([subject, route]) => [
        subject,
        { publishedBy: [route.publishedBy], consumedBy: [...route.consumedBy].sort() },
      ]),
    );

    expect(fromTable).toEqual(fromCode);
  });
});
