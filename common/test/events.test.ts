import { allEvents, InvalidEventError, TicketCreated, OrderCreated, Price } from '../src/events';

describe('event contracts', () => {
  test('When a payload is invalid, then create() refuses it naming the event, the field and the value', () => {
    const bad = {
      id: '64b7f0c2a1b2c3d4e5f60719',
      version: 0,
      title: 'Rock',
      price: 'abc',
      userId: '64b7f0c2a1b2c3d4e5f60718',
    };

    const attempt = () => TicketCreated.create(bad as never);

    expect(attempt).toThrow(InvalidEventError);
    expect(attempt).toThrow(/TicketCreated\.price: .*\(got "abc"\)/);
  });

  test('When a nested field is missing, then the message names its full path', () => {
    const data = { ...OrderCreated.example, ticket: { id: '64b7f0c2a1b2c3d4e5f60719' } };

    expect(() => OrderCreated.create(data as never)).toThrow(/OrderCreated\.ticket\.price: .*\(got nothing\)/);
  });

  test('When an envelope comes from the bus, then parse() checks the subject and the data', () => {
    const envelope = TicketCreated.create(TicketCreated.example);

    expect(TicketCreated.parse(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
    expect(() => TicketCreated.parse({ ...envelope, subject: 'ticket.updated' })).toThrow(
      /subject must be ticket.created/,
    );
    expect(() => TicketCreated.parse({ ...envelope, data: { ...envelope.data, price: -1 } })).toThrow(
      /TicketCreated\.price: must be > 0/,
    );
  });

  test('When events are created, then each gets a unique id unless one is given', () => {
    const a = TicketCreated.create(TicketCreated.example);
    const b = TicketCreated.create(TicketCreated.example);
    const c = TicketCreated.create(TicketCreated.example, { id: 'order.expired:x' });

    expect(a.id).not.toBe(b.id);
    expect(c.id).toBe('order.expired:x');
  });

  test.each(allEvents.map((e) => [e.name, e] as const))(
    'When %s is built from its example, then the example is valid',
    (_name, contract) => {
      expect(() => contract.create(contract.example as never)).not.toThrow();
    },
  );

  test('When subjects are listed, then they are unique and spelled <entity>.<past-tense>, words joined by hyphens', () => {
    const subjects = allEvents.map((e) => e.subject);

    expect(new Set(subjects).size).toBe(subjects.length);
    // DESIGN §16 spells one `ticket.reservation-refused`: a two-word past tense, hyphenated as in the table.
    for (const s of subjects) expect(s).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/);
  });
});

describe('Price', () => {
  test.each([[19.99], [0.01], [100_000], [20]])('When the price is %p, then it is accepted', (p) => {
    expect(Price.safeParse(p).success).toBe(true);
  });

  test.each([[0], [-5], [19.999], [100_000.01], [Number.NaN], ['10']])(
    'When the price is %p, then it is refused',
    (p) => {
      expect(Price.safeParse(p).success).toBe(false);
    },
  );
});

describe('Price edge', () => {
  test('When the price is below one cent, then it is refused even though it rounds to 0 cents', () => {
    expect(Price.safeParse(1e-9).success).toBe(false);
    expect(Price.safeParse(Number.MIN_VALUE).success).toBe(false);
  });
});
