import {
  eventually,
  OTLP_SPAN_KIND,
  sampleSum,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@ticketing/testing';
import { ApiUser, type Order, type Ticket } from './support/api';
import { startTestSystem, type TestSystem } from './support/system';

// The lock window is 3 s here (DESIGN §7: configurable so tests use seconds), with every service running as in
// `npm start`: expiration's delayed job, orders' cancel, tickets' release, payments' charge, all through the bus.
const WINDOW_SECONDS = 3;
let system: TestSystem;
let traces: OtlpReceiver;

// Events may start a few seconds from now here (EVENTS_MIN_LEAD_SECONDS, an hour by default), so that the test of
// started events waits seconds for one to start. The services export their traces to an in-process OTLP receiver
// (DESIGN §14), in batches every 100 ms.
beforeAll(async () => {
  traces = await startOtlpReceiver();
  // With Prometheus, as `npm start -- --observe` runs it: the metrics tests below read it too.
  system = await startTestSystem({
    expirationWindowSeconds: WINDOW_SECONDS,
    eventsMinLeadSeconds: 1,
    observe: true,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: traces.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
  });
});
afterAll(async () => {
  await system?.stop();
  await traces?.stop();
});

async function listedTicket(seller: ApiUser, price = 25): Promise<Ticket> {
  const res = await seller.call<Ticket>('POST', '/api/tickets', { title: `Flow Concert ${Date.now()}`, price });
  expect(res.status).toBe(201);
  return res.body;
}

/** Orders as soon as the orders service's replica knows the ticket (the replica follows TicketCreated). */
async function placeOrder(buyer: ApiUser, ticketId: string): Promise<Order> {
  return eventually(async () => {
    const res = await buyer.call<Order>('POST', '/api/orders', { ticketId });
    return res.status === 201 ? res.body : undefined;
  }, 'order placed');
}

describe('the 15-minute lock, end to end', () => {
  test('When an order is not paid, then it is cancelled and its ticket released within 1 s after expiresAt', async () => {
    const seller = await ApiUser.signedUp(system.url);
    const buyer = await ApiUser.signedUp(system.url);
    const ticket = await listedTicket(seller);

    const order = await placeOrder(buyer, ticket.id);
    const expiresAt = Date.parse(order.expiresAt);

    const cancelledAt = await eventually(
      async () =>
        (await buyer.call<Order>('GET', `/api/orders/${order.id}`)).body.status === 'cancelled' ? Date.now() : 0,
      'order cancelled',
      { timeoutMs: (WINDOW_SECONDS + 10) * 1000, intervalMs: 25 },
    );
    const releasedAt = await eventually(
      async () =>
        (await seller.call<Ticket>('GET', `/api/tickets/${ticket.id}`)).body.status === 'available' ? Date.now() : 0,
      'ticket released',
      { timeoutMs: 10_000, intervalMs: 25 },
    );
    expect(cancelledAt - expiresAt).toBeLessThan(1000);
    // The order page tells the buyer why (client/src/components/order-purchase.tsx shows cancelReason).
    expect(
      (await buyer.call<Order & { cancelReason?: string }>('GET', `/api/orders/${order.id}`)).body.cancelReason,
    ).toBe('The time to pay for this order ran out.');
    expect(releasedAt - expiresAt).toBeLessThan(1000);
    const again = await placeOrder(await ApiUser.signedUp(system.url), ticket.id);
    expect(again.status).toBe('created');
  });

  test('When an order is paid, then it is completed, its ticket is sold, and it never expires', async () => {
    const seller = await ApiUser.signedUp(system.url);
    const buyer = await ApiUser.signedUp(system.url);
    const ticket = await listedTicket(seller, 40);
    const order = await placeOrder(buyer, ticket.id);

    const paid = await eventually(async () => {
      const res = await buyer.call<{ status: string }>('POST', '/api/payments', {
        orderId: order.id,
        paymentMethod: 'pm_card_visa',
      });
      return res.status === 201 ? res.body : undefined; // 404 until payments' replica has the order
    }, 'payment accepted');

    expect(paid.status).toBe('completed');
    await eventually(
      async () => (await buyer.call<Order>('GET', `/api/orders/${order.id}`)).body.status === 'completed',
      'order completed',
    );
    await eventually(
      async () => (await seller.call<Ticket>('GET', `/api/tickets/${ticket.id}`)).body.status === 'sold',
      'ticket sold',
    );
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(order.expiresAt) + 1500 - Date.now())));
    expect((await buyer.call<Order>('GET', `/api/orders/${order.id}`)).body.status).toBe('completed');
    expect((await seller.call<Ticket>('GET', `/api/tickets/${ticket.id}`)).body.status).toBe('sold');
    const another = await ApiUser.signedUp(system.url);
    expect((await another.call('POST', '/api/orders', { ticketId: ticket.id })).status).toBe(409);
  });

  test('When the card is declined, then the order is cancelled and the ticket is on sale again', async () => {
    const seller = await ApiUser.signedUp(system.url);
    const buyer = await ApiUser.signedUp(system.url);
    const ticket = await listedTicket(seller);
    const order = await placeOrder(buyer, ticket.id);

    const declined = await eventually(async () => {
      const res = await buyer.call('POST', '/api/payments', {
        orderId: order.id,
        paymentMethod: 'pm_card_chargeDeclined',
      });
      return res.status === 402 ? res : undefined;
    }, 'payment declined');

    expect(JSON.stringify(declined.body)).toMatch(/declined/i);
    await eventually(
      async () => (await buyer.call<Order>('GET', `/api/orders/${order.id}`)).body.status === 'cancelled',
      'order cancelled',
    );
    await eventually(
      async () => (await seller.call<Ticket>('GET', `/api/tickets/${ticket.id}`)).body.status === 'available',
      'ticket available',
    );
  });
});

// DESIGN §16: an order completes only for a ticket that tickets reserved for it. A seller's price edit races each
// order: when tickets applies the edit before the order's OrderCreated, it refuses the reservation (the order shows the
// old price), and orders must cancel the order before the buyer's payment completes it. Rounds from the environment:
// a few here, the full 200 in bench/RESULTS.md.
const RACE_ROUNDS = Number(process.env.RESERVATION_RACE_ROUNDS ?? 6);
const RACE_PARALLEL = 3;

interface RaceRound {
  orderId: string;
  edit: number;
  payment: number;
  order: Order & { ticket: { price: number }; cancelReason?: string };
  ticket: Ticket & { price: number };
}

/**
 * One round between a seller and a buyer: the seller lists a ticket at 20 and reprices it to 30 while the buyer
 * orders it at 20 and pays at once. The edit reaches tickets before the order's reservation (refused: the order shows
 * 20), or after it (409), or even orders' replica before the order is priced (then the order shows 30).
 */
async function raceOnce(seller: ApiUser, buyer: ApiUser): Promise<RaceRound> {
  const ticket = await listedTicket(seller, 20);
  // The seller may not order their own ticket: a 400 (not 404) says orders' replica has the ticket.
  await eventually(
    async () => (await seller.call('POST', '/api/orders', { ticketId: ticket.id })).status === 400,
    "orders' replica has the ticket",
  );

  // Sent with the order, a random few milliseconds apart, so that each interleaving comes up.
  const editing = new Promise((resolve) => setTimeout(resolve, Math.random() * 20)).then(() =>
    seller.call('PUT', `/api/tickets/${ticket.id}`, { title: 'Repriced', price: 30 }),
  );
  const ordered = await buyer.call<Order>('POST', '/api/orders', { ticketId: ticket.id });
  expect(ordered.status).toBe(201);
  const paying = eventually(async () => {
    const res = await buyer.call('POST', '/api/payments', { orderId: ordered.body.id, paymentMethod: 'pm_card_visa' });
    return res.status === 404 ? undefined : res.status; // 404 until payments' replica has the order
  }, 'payment answered');
  const [edit, payment] = await Promise.all([editing, paying]);

  const order = await eventually(async () => {
    const res = await buyer.call<RaceRound['order']>('GET', `/api/orders/${ordered.body.id}`);
    return res.body.status === 'completed' || res.body.status === 'cancelled' ? res.body : undefined;
  }, `order ${ordered.body.id} closed`);
  // Tickets applies the completion (sold) or the release a moment after orders; a ticket that never gets there is
  // what the test looks for, so wait a while before reading it as final.
  const settled = order.status === 'completed' ? 'sold' : 'available';
  const shown = await eventually(
    async () => {
      const res = await seller.call<RaceRound['ticket']>('GET', `/api/tickets/${ticket.id}`);
      return res.body.status === settled ? res.body : undefined;
    },
    `ticket ${ticket.id} ${settled}`,
    { timeoutMs: 5_000 },
  ).catch(async () => (await seller.call<RaceRound['ticket']>('GET', `/api/tickets/${ticket.id}`)).body);
  return { orderId: ordered.body.id, edit: edit.status, payment, order, ticket: shown };
}

describe('a price edit racing an order and its payment (DESIGN §16)', () => {
  test(`When a seller's price edit races a buyer's order and payment ${RACE_ROUNDS} times, then every completed order's ticket shows sold to it, at the order's price`, async () => {
    // A few lanes, each a seller and a buyer going round after round (sign-ups cost a password hash each).
    const rounds: RaceRound[] = [];
    const lane = async (lane: number) => {
      const [seller, buyer] = await Promise.all([ApiUser.signedUp(system.url), ApiUser.signedUp(system.url)]);
      for (let round = lane; round < RACE_ROUNDS; round += RACE_PARALLEL) rounds.push(await raceOnce(seller, buyer));
    };
    await Promise.all(Array.from({ length: RACE_PARALLEL }, (_, n) => lane(n)));

    const completed = rounds.filter((r) => r.order.status === 'completed');
    const unsold = completed.filter((r) => r.ticket.status !== 'sold' || r.ticket.orderId !== r.orderId);
    const mispriced = completed.filter((r) => r.order.ticket.price !== r.ticket.price);
    const refused = rounds.filter((r) => r.order.cancelReason?.includes('seller changed'));
    process.stderr.write(
      `reservation race: ${rounds.length} rounds, ${completed.length} completed, ${refused.length} refused ` +
        `(cancelled with the reason), ${rounds.filter((r) => r.edit === 200).length} edits landed, ` +
        `${unsold.length} completed without a sold ticket, ${mispriced.length} at another price\n`,
    );
    expect(unsold.map((r) => ({ order: r.orderId, ticket: r.ticket.status, payment: r.payment }))).toEqual([]);
    expect(mispriced.map((r) => r.orderId)).toEqual([]);
    // An edit that landed (200) before an order priced at 20 was reserved: tickets refused it, and the buyer is told
    // so (ReservationRefused), rather than left with an order that only expires.
    const untold = rounds.filter((r) => r.edit === 200 && r.order.ticket.price === 20 && !refused.includes(r));
    expect(untold.map((r) => ({ order: r.orderId, status: r.order.status, reason: r.order.cancelReason }))).toEqual([]);
    // Every round ends one way or the other: completed and sold, or cancelled (refused or declined) and on sale.
    expect(rounds.filter((r) => r.order.status === 'cancelled' && r.ticket.status !== 'available')).toEqual([]);
  });
});

interface CatalogueEvent {
  id: string;
  status: 'scheduled' | 'cancelled';
  ticketsAvailable: number;
  lowestPrice: number | null;
}
interface Charge {
  status: string;
  stripeRefundId?: string;
  refundReason?: string;
}

async function createdEvent(user: ApiUser, startsInMs: number): Promise<CatalogueEvent> {
  const res = await user.call<CatalogueEvent>('POST', '/api/events', {
    title: `Flow Festival ${Math.random().toString(36).slice(2, 8)}`,
    venue: 'Flow Arena',
    city: 'Berlin',
    category: 'festival',
    startsAt: new Date(Date.now() + startsInMs).toISOString(),
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function listedFor(seller: ApiUser, eventId: string, price: number): Promise<Ticket> {
  const res = await seller.call<Ticket>('POST', '/api/tickets', { eventId, title: `Row ${price}`, price });
  expect(res.status).toBe(201);
  return res.body;
}

async function paid(buyer: ApiUser, orderId: string): Promise<void> {
  await eventually(async () => {
    const res = await buyer.call('POST', '/api/payments', { orderId, paymentMethod: 'pm_card_visa' });
    return res.status === 201; // 404 until payments' replica has the order
  }, 'payment accepted');
  await eventually(
    async () => (await buyer.call<Order>('GET', `/api/orders/${orderId}`)).body.status === 'completed',
    'order completed',
  );
}

describe('events, end to end (DESIGN §12)', () => {
  test('When an admin cancels an event, then its listings are withdrawn, its open order cancelled, its paid order refunded in full, and nothing of it can be ordered', async () => {
    const admin = await ApiUser.signedIn(system.url, system.system.admin);
    const seller = await ApiUser.signedUp(system.url);
    const [payer, holder] = [await ApiUser.signedUp(system.url), await ApiUser.signedUp(system.url)];
    const event = await createdEvent(seller, 3_600_000);
    const [sold, held, listed] = [
      await listedFor(seller, event.id, 30),
      await listedFor(seller, event.id, 20),
      await listedFor(seller, event.id, 50),
    ];
    const paidOrder = await placeOrder(payer, sold.id);
    await paid(payer, paidOrder.id);
    const openOrder = await placeOrder(holder, held.id);
    await eventually(
      async () => (await seller.call<CatalogueEvent>('GET', `/api/events/${event.id}`)).body.ticketsAvailable === 1,
      'the summary counts the one listing left',
    );

    const cancelled = await admin.call<CatalogueEvent>('POST', `/api/events/${event.id}/cancel`, {});

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await eventually(
      async () => (await holder.call<Order>('GET', `/api/orders/${openOrder.id}`)).body.status === 'cancelled',
      'the open order cancelled',
    );
    const refunded = await eventually(async () => {
      const charges = (await payer.call<Charge[]>('GET', `/api/payments?orderId=${paidOrder.id}`)).body;
      return charges.find((c) => c.stripeRefundId);
    }, 'the paid order refunded');
    await eventually(
      async () => (await seller.call<Ticket>('GET', `/api/tickets/${listed.id}`)).body.status === 'withdrawn',
      'the listing withdrawn',
    );
    await eventually(
      async () => (await seller.call<CatalogueEvent>('GET', `/api/events/${event.id}`)).body.ticketsAvailable === 0,
      'the summary at zero',
    );
    const charges = (await payer.call<Charge[]>('GET', `/api/payments?orderId=${paidOrder.id}`)).body;
    const late = await (await ApiUser.signedUp(system.url)).call('POST', '/api/orders', { ticketId: listed.id });
    const relisted = await seller.call('POST', '/api/tickets', { eventId: event.id, title: 'Row 9', price: 10 });

    expect(refunded.refundReason).toBe('Refunded: event cancelled');
    expect(charges.filter((c) => c.stripeRefundId)).toHaveLength(1);
    expect((await payer.call<Order>('GET', `/api/orders/${paidOrder.id}`)).body.status).toBe('completed');
    expect((await seller.call<Ticket>('GET', `/api/tickets/${sold.id}`)).body.status).toBe('sold');
    expect(late.status).toBe(409);
    expect(relisted.status).toBe(409);
  });

  test('When an event has started, then its tickets cannot be listed, edited or ordered, and orders made before stay visible', async () => {
    const seller = await ApiUser.signedUp(system.url);
    const buyer = await ApiUser.signedUp(system.url);
    // payments' refusal to charge once the event started is tested in payments/test/event-sales.test.ts: here the
    // 3 s lock would end the order before the event starts.
    const event = await createdEvent(seller, 6_000);
    const [open, spare] = [await listedFor(seller, event.id, 15), await listedFor(seller, event.id, 25)];
    const order = await placeOrder(buyer, open.id);
    const startsAt = Date.parse(
      (await seller.call<{ startsAt: string }>('GET', `/api/events/${event.id}`)).body.startsAt,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt - Date.now() + 200)));

    const ordered = await buyer.call<{ errors: Array<{ message: string }> }>('POST', '/api/orders', {
      ticketId: spare.id,
    });
    const listing = await seller.call('POST', '/api/tickets', { eventId: event.id, title: 'Late', price: 5 });
    const edit = await seller.call('PUT', `/api/tickets/${spare.id}`, { title: 'Row 1', price: 30 });

    expect(ordered.status).toBe(409);
    expect(ordered.body.errors[0]?.message).toBe('The event has started');
    expect(listing.status).toBe(409);
    expect(edit.status).toBe(409);
    expect((await buyer.call<Order>('GET', `/api/orders/${order.id}`)).status).toBe(200);
  });
});

describe('metrics (DESIGN §14)', () => {
  /** Every service's GET /metrics, read on its own port as Prometheus does (the gateway does not route it). */
  async function scrapeAll(): Promise<Record<string, string>> {
    const names = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'];
    const parts = system.system.parts.filter((part) => names.includes(part.name));
    expect(parts.map((part) => part.name).sort()).toEqual([...names].sort());
    const texts = await Promise.all(
      parts.map(async (part) => {
        const res = await fetch(`${part.url.replace('localhost', '127.0.0.1')}/metrics`);
        expect({ service: part.name, status: res.status }).toEqual({ service: part.name, status: 200 });
        return [part.name, await res.text()] as const;
      }),
    );
    return Object.fromEntries(texts);
  }

  test('When a ticket is bought, then each service’s /metrics shows the requests, events and calls it took part in', async () => {
    const before = await scrapeAll();
    const seller = await ApiUser.signedUp(system.url);
    const buyer = await ApiUser.signedUp(system.url);
    const ticket = await listedTicket(seller, 30);
    const order = await placeOrder(buyer, ticket.id);
    await eventually(async () => {
      const res = await buyer.call('POST', '/api/payments', { orderId: order.id, paymentMethod: 'pm_card_visa' });
      return res.status === 201;
    }, 'payment accepted');
    await eventually(
      async () => (await seller.call<Ticket>('GET', `/api/tickets/${ticket.id}`)).body.status === 'sold',
      'ticket sold',
    );

    const moved = (after: Record<string, string>, service: string, name: string, labels: Record<string, string>) =>
      sampleSum(after[service] ?? '', name, labels) - sampleSum(before[service] ?? '', name, labels);
    const requests = 'http_server_request_duration_count';
    const published = 'ticketing_events_published_total';
    const handled = 'ticketing_events_handled_total';
    const subject = (name: string) => ({ messaging_destination_name: name });
    // The listeners ack a moment after the answers above: read until every count has moved.
    const after = await eventually(async () => {
      const now = await scrapeAll();
      const moves = [
        moved(now, 'auth', requests, { http_route: '/api/users/signup', http_response_status_code: '201' }) >= 2,
        moved(now, 'tickets', requests, { http_route: '/api/tickets', http_request_method: 'POST' }) >= 1,
        moved(now, 'tickets', published, subject('ticket.created')) >= 1,
        moved(now, 'tickets', handled, { ...subject('order.completed'), outcome: 'acked' }) >= 1,
        moved(now, 'orders', published, subject('order.created')) >= 1,
        moved(now, 'expiration', handled, { ...subject('order.created'), outcome: 'acked' }) >= 1,
        moved(now, 'payments', 'ticketing_stripe_call_duration_count', {
          stripe_operation: 'confirm_intent',
          outcome: 'ok',
        }) >= 1,
        moved(now, 'payments', published, subject('charge.created')) >= 1,
      ];
      return moves.every(Boolean) ? now : undefined;
    }, 'every service counted its part of the purchase');

    expect(after.orders).toMatch(/^ticketing_orders_open \d+$/m);
    expect(after.expiration).toMatch(/^ticketing_expiry_jobs_delayed \d+$/m);
    expect(after.tickets).toMatch(/^ticketing_outbox_depth\{db_collection_name="tickets"\} \d+$/m);
    expect(after.tickets).toMatch(
      /^ticketing_event_handler_lag_count\{messaging_destination_name="order.created"\} \d+$/m,
    );
    expect(after.auth).toMatch(/^nodejs_eventloop_delay_p99 /m);
    expect(after.payments).toMatch(/^ticketing_payouts_held \d+$/m);
    expect(after.queue).toMatch(/^nodejs_eventloop_delay_p99 /m);
  });

  test('When the system runs with --observe, then Prometheus scrapes every service and holds its series', async () => {
    const prometheusUrl = system.system.prometheusUrl ?? '';
    const query = async (promql: string) => {
      const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return body.data.result;
    };
    const services = ['auth', 'expiration', 'orders', 'payments', 'queue', 'tickets'];

    // It scrapes every 5 s; the system has run longer than that by now, but a scrape may still be under way.
    const up = await eventually(async () => {
      const result = await query('up');
      return result.length === services.length && result.every((r) => r.value[1] === '1') ? result : undefined;
    }, 'every service scraped and up');
    // A series every service has from its start (Node's memory), whatever requests it has served.
    const memory = await eventually(async () => {
      const result = await query('process_memory_usage{process_memory_type="rss"}');
      return result.length === services.length ? result : undefined;
    }, 'every service’s memory in Prometheus');

    expect(prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(up.map((r) => r.metric.job).sort()).toEqual(services);
    expect(memory.map((r) => r.metric.job).sort()).toEqual(services);
    expect(memory.every((r) => Number(r.value[1]) > 10_000_000)).toBe(true);
  });
});

describe('traces (DESIGN §14)', () => {
  /** The spans of one trace, and how to walk them. */
  function traceOf(traceId: string) {
    const spans = traces.spans().filter((span) => span.traceId === traceId);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const find = (service: string, name: string, where: (span: ReceivedSpan) => boolean = () => true) => {
      const found = spans.filter((span) => span.service === service && span.name === name && where(span));
      expect({ service, name, found: found.length }).toEqual({ service, name, found: 1 });
      return found[0] as ReceivedSpan;
    };
    const parentOf = (span: ReceivedSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined);
    /** Whether `ancestor` is `span` or one of its parents. */
    const descends = (span: ReceivedSpan | undefined, ancestor: ReceivedSpan): boolean =>
      span !== undefined && (span.spanId === ancestor.spanId || descends(parentOf(span), ancestor));
    const childrenOf = (span: ReceivedSpan) => spans.filter((child) => child.parentSpanId === span.spanId);
    return { spans, find, parentOf, descends, childrenOf };
  }

  /**
   * A delivery that completed: a consumer may also show a delivery it asked to have again (a replica not up to date
   * yet), a span of its own under the same publish with its outcome `retried`.
   */
  const acked = (span: ReceivedSpan) => span.attributes['ticketing.event.outcome'] === 'acked';
  /** A publish JetStream stored (not a second publish of the same event, which an outbox sweep may make). */
  const stored = (span: ReceivedSpan) => span.attributes['messaging.nats.duplicate'] === false;

  /** The trace a span of `where` belongs to, once it has been received. */
  const traceWith = (where: (span: ReceivedSpan) => boolean, what: string) =>
    eventually(async () => traces.spans().find(where)?.traceId, what, { timeoutMs: 15_000 });

  test('When a ticket is bought and another order expires, then the order, the payment and the expiry each follow one trace across every hop', async () => {
    const since = BigInt(Date.now()) * 1_000_000n;
    const seller = await ApiUser.signedUp(system.url);
    const buyer = await ApiUser.signedUp(system.url);
    const [bought, unpaid] = await Promise.all([listedTicket(seller, 20), listedTicket(seller, 21)]);
    const [order, expiring] = await Promise.all([placeOrder(buyer, bought.id), placeOrder(buyer, unpaid.id)]);
    await eventually(async () => {
      const res = await buyer.call('POST', '/api/payments', { orderId: order.id, paymentMethod: 'pm_card_visa' });
      return res.status === 201;
    }, 'payment accepted');

    // The order's trace: orders' POST, the relay's publish, and every consumer of OrderCreated under it. The expiring
    // order's is found by its delayed job (its id is the order id), which continues it.
    const expiryTraceId = await traceWith(
      (span) => span.name === 'order-expiration process' && span.attributes['messaging.message.id'] === expiring.id,
      'the expiry job traced',
    );
    const expired = await eventually(
      async () => {
        const trace = traceOf(expiryTraceId);
        const done = trace.spans.some((span) => span.service === 'tickets' && span.name === 'order.cancelled process');
        return done ? trace : undefined;
      },
      'the expiry traced up to the ticket released',
      { timeoutMs: 15_000 },
    );
    const root = expired.spans.find((span) => !span.parentSpanId);
    expect(root).toMatchObject({ service: 'orders', name: 'POST /api/orders', kind: OTLP_SPAN_KIND.server });
    const created = expired.find('orders', 'order.created publish', stored);
    expect(created.kind).toBe(OTLP_SPAN_KIND.producer);
    expect(expired.descends(created, root as ReceivedSpan)).toBe(true);
    const consumers = Object.fromEntries(
      ['tickets', 'expiration', 'payments'].map((service) => {
        const span = expired.find(service, 'order.created process', acked);
        expect(span).toMatchObject({
          kind: OTLP_SPAN_KIND.consumer,
          parentSpanId: created.spanId,
          attributes: expect.objectContaining({
            'messaging.system': 'nats',
            'messaging.destination.name': 'order.created',
            'messaging.message.id': created.attributes['messaging.message.id'],
            'messaging.nats.delivery_count': 1,
            'ticketing.event.outcome': 'acked',
          }),
        });
        return [service, span];
      }),
    ) as Record<'tickets' | 'expiration' | 'payments', ReceivedSpan>;
    // Tickets' reservation publishes the ticket's new version; expiration schedules the job in Redis; payments
    // stores its replica of the order.
    expired.find('tickets', 'ticket.updated publish', (span) => span.parentSpanId === consumers.tickets.spanId);
    expect(expired.childrenOf(consumers.expiration).some((span) => span.attributes['db.system.name'] === 'redis')).toBe(
      true,
    );
    expect(
      expired.childrenOf(consumers.payments).some((span) => span.attributes['db.collection.name'] === 'orders'),
    ).toBe(true);
    // The expiry continues the order's trace from the delayed job: OrderExpired, orders' cancel, the release.
    const job = expired.find('expiration', 'order-expiration process');
    expect(job.parentSpanId).toBe(consumers.expiration.spanId);
    const expiredPublish = expired.find('expiration', 'order.expired publish', stored);
    expect(expiredPublish.parentSpanId).toBe(job.spanId);
    const cancel = expired.find('orders', 'order.expired process', acked);
    expect(cancel.parentSpanId).toBe(expiredPublish.spanId);
    const cancelled = expired.find('orders', 'order.cancelled publish', stored);
    expect(expired.descends(cancelled, cancel)).toBe(true);
    expect(expired.find('tickets', 'order.cancelled process', acked).parentSpanId).toBe(cancelled.spanId);

    // The payment's trace: payments' POST with its Stripe calls and ChargeCreated, orders' completion, tickets marking
    // the ticket sold.
    const paymentTraceId = await traceWith(
      (span) =>
        span.service === 'payments' &&
        span.name === 'POST /api/payments' &&
        span.attributes['http.response.status_code'] === 201 &&
        BigInt(span.startTimeUnixNano) >= since,
      'the payment traced',
    );
    const paid = await eventually(
      async () => {
        const trace = traceOf(paymentTraceId);
        const done = trace.spans.some((span) => span.service === 'tickets' && span.name === 'ticket.updated publish');
        return done ? trace : undefined;
      },
      'the payment traced up to the ticket sold',
      { timeoutMs: 15_000 },
    );
    const payment = paid.spans.find((span) => !span.parentSpanId);
    expect(payment).toMatchObject({ service: 'payments', name: 'POST /api/payments', kind: OTLP_SPAN_KIND.server });
    const stripeCalls = paid.spans.filter(
      (span) =>
        span.kind === OTLP_SPAN_KIND.client && String(span.attributes['url.full']).includes('/v1/payment_intents'),
    );
    expect(stripeCalls.length).toBeGreaterThanOrEqual(1);
    for (const call of stripeCalls) expect(paid.descends(call, payment as ReceivedSpan)).toBe(true);
    const charged = paid.find('payments', 'charge.created publish', stored);
    expect(paid.descends(charged, payment as ReceivedSpan)).toBe(true);
    const completion = paid.find('orders', 'charge.created process', acked);
    expect(completion.parentSpanId).toBe(charged.spanId);
    const completed = paid.find('orders', 'order.completed publish', stored);
    expect(paid.descends(completed, completion)).toBe(true);
    const sold = paid.find('tickets', 'order.completed process', acked);
    expect(sold.parentSpanId).toBe(completed.spanId);
    expect(paid.find('tickets', 'ticket.updated publish', stored).parentSpanId).toBe(sold.spanId);
    // Two traces: the payment's is not the order's.
    expect(paymentTraceId).not.toBe(expiryTraceId);
    expect(paid.spans.some((span) => span.name === 'POST /api/orders')).toBe(false);
  });
});
