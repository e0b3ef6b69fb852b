import { TicketCreated, TicketUpdated, OrderCreated, UserCreated, type EventContract } from '@ticketing/common';
import { parseDesignEvents } from '../src/design-table';
import { compareFlowWithDesign } from '../src/flow-check';
import type { ServiceName } from '../src/repo';
import type { ServiceScan } from '../src/service-registry';

const DESIGN = `# Design

## 5. Events

| event | subject | published by | consumed by | data |
|---|---|---|---|---|
| UserCreated | user.created | auth | (none yet) | id |
| TicketCreated | ticket.created | tickets | orders | id |
| TicketUpdated | ticket.updated | tickets | orders (keeps a replica) | id |
| OrderCreated | order.created | orders | tickets, expiration (schedules the job) | id |

## 6. Next
`;

function scanOf(
  services: Array<[ServiceName, EventContract[], EventContract[]]>,
  absent: ServiceName[] = [],
): ServiceScan {
  return { present: services.map(([name, publishes, consumes]) => ({ name, publishes, consumes })), absent };
}

const agreeing = (): Array<[ServiceName, EventContract[], EventContract[]]> => [
  ['auth', [UserCreated], []],
  ['tickets', [TicketCreated, TicketUpdated], [OrderCreated]],
  ['orders', [OrderCreated], [TicketCreated, TicketUpdated]],
  ['expiration', [], [OrderCreated]],
];

describe('DESIGN §5 table', () => {
  test('When the table is parsed, then notes in parentheses are dropped and "(none yet)" means no consumer', () => {
    const rows = parseDesignEvents(DESIGN);

    expect(rows).toEqual([
      { event: 'UserCreated', subject: 'user.created', publishers: ['auth'], consumers: [] },
      { event: 'TicketCreated', subject: 'ticket.created', publishers: ['tickets'], consumers: ['orders'] },
      { event: 'TicketUpdated', subject: 'ticket.updated', publishers: ['tickets'], consumers: ['orders'] },
      { event: 'OrderCreated', subject: 'order.created', publishers: ['orders'], consumers: ['tickets', 'expiration'] },
    ]);
  });

  test('When a cell names something that is not a service, then parsing fails naming it', () => {
    const typo = DESIGN.replace('| tickets, expiration', '| tikets, expiration');

    expect(() => parseDesignEvents(typo)).toThrow(/"tikets" is not a service/);
  });

  test('When the registrations match the table, then there is no problem', () => {
    expect(compareFlowWithDesign(scanOf(agreeing()), parseDesignEvents(DESIGN))).toEqual([]);
  });

  test('When a listener is added without the table, then the comparison names it', () => {
    const services = agreeing();
    services[0] = ['auth', [UserCreated], [OrderCreated]];

    const problems = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual(['order.created: auth has a listener for it; DESIGN lists tickets, expiration']);
  });

  test('When a subject the table says nobody consumes gets a listener, then the comparison names it', () => {
    const services = agreeing();
    services[3] = ['expiration', [], [OrderCreated, UserCreated]];

    const problems = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

    expect(problems).toEqual(['user.created: expiration has a listener for it; DESIGN says nobody consumes it yet']);
  });

  test('When a publisher or a consumer of the table is missing from the code, then the comparison names both', () => {
    const services = agreeing();
    services[1] = ['tickets', [TicketCreated], [OrderCreated]];
    services[2] = ['orders', [OrderCreated], [TicketCreated]];

    const problems = compareFlowWithDesign(scanOf(services), parseDesignEvents(DESIGN));

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

    const problems = compareFlowWithDesign(scan, parseDesignEvents(DESIGN));

    expect(problems).toContain(
      'order.created: published, and nobody consumes it yet; DESIGN expects tickets, expiration (not present)',
    );
  });
});
