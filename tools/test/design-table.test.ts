import {
  OrderCreated,
  ReservationRefused,
  TicketCreated,
  TicketUpdated,
  UserCreated,
  type EventContract,
} from '@ticketing/common';
import { parseDesignEvents, type DesignRow } from '../src/design-table';
import { compareFlowWithDesign } from '../src/flow-check';
import type { ServiceName } from '../src/repo';
import type { ServiceScan } from '../src/service-registry';

const DESIGN = `# Design

## 5. Events

| event | subject | published by | consumed by | data |
|---|---|---|---|---|
| UserCreated | user.created | auth | (none yet; planned: orders, §12) | id |
| TicketCreated | ticket.created | tickets | orders | id |
| TicketUpdated | ticket.updated | tickets | orders (keeps a replica) | id |
| OrderCreated | order.created | orders | tickets, expiration (schedules the job) | id |

## 6. Next

## 12. Later

### Events added to the bus by this section
| event | subject | published by | consumed by | data |
|---|---|---|---|---|
| EventCreated | event.created | tickets | search | id |
| EventCancelled | event.cancelled | tickets | orders, search | id |

## 16. Later still

| event | subject | published by | consumed by | data |
|---|---|---|---|---|
| ReservationRefused | ticket.reservation-refused | tickets | orders | orderId |
`;

function scanOf(
  services: Array<[ServiceName, EventContract[], EventContract[]]>,
  absent: ServiceName[] = [],
): ServiceScan {
  return { present: services.map(([name, publishes, consumes]) => ({ name, publishes, consumes })), absent };
}

const agreeing = (): Array<[ServiceName, EventContract[], EventContract[]]> => [
  ['auth', [UserCreated], []],
  ['tickets', [TicketCreated, TicketUpdated, ReservationRefused], [OrderCreated]],
  ['orders', [OrderCreated], [TicketCreated, TicketUpdated, ReservationRefused]],
  ['expiration', [], [OrderCreated]],
];

describe('DESIGN §5 table', () => {
  test('When the tables are parsed, then notes in parentheses are dropped, "(none yet)" means no consumer, and planned services are kept apart', () => {
    const rows = parseDesignEvents(DESIGN);

    const row = (event: string, subject: string, section: string, flows: Partial<DesignRow>): DesignRow => ({
      event,
      subject,
      section,
      later: section !== '5',
      publishers: [],
      consumers: [],
      plannedPublishers: [],
      plannedConsumers: [],
      ...flows,
    });
    expect(rows).toEqual([
      row('UserCreated', 'user.created', '5', { publishers: ['auth'], plannedConsumers: ['orders'] }),
      row('TicketCreated', 'ticket.created', '5', { publishers: ['tickets'], consumers: ['orders'] }),
      row('TicketUpdated', 'ticket.updated', '5', { publishers: ['tickets'], consumers: ['orders'] }),
      row('OrderCreated', 'order.created', '5', { publishers: ['orders'], consumers: ['tickets', 'expiration'] }),
      row('EventCreated', 'event.created', '12', { publishers: ['tickets'], plannedConsumers: ['search'] }),
      row('EventCancelled', 'event.cancelled', '12', {
        publishers: ['tickets'],
        consumers: ['orders'],
        plannedConsumers: ['search'],
      }),
      row('ReservationRefused', 'ticket.reservation-refused', '16', {
        publishers: ['tickets'],
        consumers: ['orders'],
      }),
    ]);
  });

  test('When a cell names something that is not a service, then parsing fails naming it', () => {
    const typo = DESIGN.replace('| tickets, expiration', '| tikets, expiration');

    expect(() => parseDesignEvents(typo)).toThrow(/"tikets" is not a service/);
  });

  test('When the registrations match the table, then there is no problem', () => {
    expect(compareFlowWithDesign(scanOf(agreeing()), parseDesignEvents(DESIGN)).problems).toEqual([]);
  });

  test('When a listener is added without the table, then the comparison names it', () => {
    const services = agreeing();
    services[0] = ['auth', [UserCreated], [OrderCreated]];

    const { problems } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual(['order.created: auth has a listener for it; DESIGN lists tickets, expiration']);
  });

  test('When a subject gets a listener of a service that the table does not name, then the comparison names it with those it plans', () => {
    const services = agreeing();
    services[3] = ['expiration', [], [OrderCreated, UserCreated]];

    const { problems } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual(['user.created: expiration has a listener for it; DESIGN lists orders (planned)']);
  });

  test('When a publisher or a consumer of the table is missing from the code, then the comparison names both', () => {
    const services = agreeing();
    services[1] = ['tickets', [TicketCreated, ReservationRefused], [OrderCreated]];
    services[2] = ['orders', [OrderCreated], [TicketCreated, ReservationRefused]];

    const { problems } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual([
      'ticket.updated: DESIGN says orders consumes it; orders has no listener for it (orders/src/events/index.ts `listeners`)',
      'ticket.updated: DESIGN says tickets publishes it; tickets does not register it (tickets/src/events/index.ts `publishes`)',
    ]);
  });

  test('When a published subject is consumed only by services that are absent, then the comparison says so', () => {
    const services = agreeing().filter(([name]) => name !== 'expiration' && name !== 'tickets');
    services.push(['payments', [], []]);
    const scan = scanOf(
      services.map(([n, p, c]) => (n === 'orders' ? [n, p, []] : [n, p, c])),
      ['tickets', 'expiration'],
    );

    const { problems } = compareFlowWithDesign(scan, parseDesignEvents(DESIGN));

    expect(problems).toContain(
      'order.created: published, and nobody consumes it yet; DESIGN expects tickets, expiration (not present)',
    );
  });

  test('When a later table names a service that does not exist yet, then it is planned; the same name in §5 fails', () => {
    const inSection5 = DESIGN.replace('| tickets, expiration', '| tickets, search, expiration');

    expect(parseDesignEvents(DESIGN).find((r) => r.subject === 'event.created')?.plannedConsumers).toEqual(['search']);
    expect(() => parseDesignEvents(inSection5)).toThrow(
      /DESIGN §5, OrderCreated consumed by: "search" is not a service/,
    );
  });

  test('When the code agrees, then the rows of later tables that nobody registers yet and the planned consumers are listed as planned', () => {
    const { problems, planned } = compareFlowWithDesign(scanOf(agreeing()), parseDesignEvents(DESIGN));

    expect(problems).toEqual([]);
    expect(planned).toEqual([
      'event.cancelled: planned by DESIGN §12 (published by tickets, consumed by orders, search)',
      'event.created: planned by DESIGN §12 (published by tickets, consumed by search)',
      'user.created: DESIGN §5 plans orders to consume it; not built yet',
    ]);
  });

  test('When a service builds a flow a "(planned: …)" note names, then it is accepted and no longer planned', () => {
    const services = agreeing();
    services[2] = ['orders', [OrderCreated], [TicketCreated, TicketUpdated, ReservationRefused, UserCreated]];

    const { problems, planned } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual([]);
    expect(planned).not.toContainEqual(expect.stringMatching(/^user\.created/));
  });

  test('When a later row is registered by one service, then it is checked exactly, but the service that does not exist yet stays planned', () => {
    const EventCancelled = { ...UserCreated, name: 'EventCancelled', subject: 'event.cancelled' } as EventContract;
    const services = agreeing();
    services[1] = ['tickets', [TicketCreated, TicketUpdated, ReservationRefused, EventCancelled], [OrderCreated]];

    const { problems, planned } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual([
      'event.cancelled: DESIGN says orders consumes it; orders has no listener for it (orders/src/events/index.ts `listeners`)',
    ]);
    expect(planned).toContain('event.cancelled: DESIGN §12 plans search to consume it; not built yet');
  });

  test('When a later row is built differently from its table, then the comparison names it', () => {
    const services = agreeing();
    services[1] = ['tickets', [TicketCreated, TicketUpdated], [OrderCreated]];
    services[4] = ['payments', [ReservationRefused], []];

    const { problems } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual([
      'ticket.reservation-refused: DESIGN says tickets publishes it; tickets does not register it (tickets/src/events/index.ts `publishes`)',
      'ticket.reservation-refused: payments publishes it; DESIGN lists only tickets as publisher',
    ]);
  });

  test('When the code registers a subject that no table has, then the comparison names it', () => {
    const Unlisted = { ...UserCreated, name: 'TicketDeleted', subject: 'ticket.deleted' } as EventContract;
    const services = agreeing();
    services[1] = ['tickets', [TicketCreated, TicketUpdated, ReservationRefused, Unlisted], [OrderCreated]];

    const { problems } = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual(['ticket.deleted: tickets publishes it, and no events table of DESIGN has a row for it']);
  });
});
