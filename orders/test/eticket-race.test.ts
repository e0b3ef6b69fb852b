// DESIGN §12: check-in and transfer are each ONE conditional update of the order on { _id, eticket.serial: n,
// eticket.usedAt: null }, so two doors admit a code once and a transfer racing a scan ends in exactly one of them,
// here through two orders replicas (child processes) on one database.
import type { Bus } from '@ticketing/common';
import { settled, type ServiceProcess } from '@ticketing/testing';
import { completedOrder, registeredUser, scan, titledEvent, transfer } from './support/etickets';
import { api } from './support/harness';
import { startTwoOrdersReplicas, type TwoOrdersReplicas } from './support/processes';

const SCANS = 50;
const RACES = 10;

let two: TwoOrdersReplicas;
let bus: Bus;
let replicas: ServiceProcess[] = [];

beforeAll(async () => {
  two = await startTwoOrdersReplicas('orders_eticket_race');
  ({ bus, replicas } = two);
}, 120_000);

afterAll(async () => {
  await two?.stop();
});

const target = () => ({ url: replicas[0]!.url, bus });

describe('race: e-tickets at two doors, two replicas, one database', () => {
  test(`When ${SCANS} scans of one code arrive at once through two replicas, then exactly one admits it and the rest are 409 "Already used at"`, async () => {
    const buyer = await registeredUser(bus);
    const event = titledEvent();
    const order = await completedOrder(target(), buyer, { event });

    const results = await Promise.all(
      Array.from({ length: SCANS }, (_, i) => scan(replicas[i % replicas.length]!, event.id, order.eticket!.code)),
    );

    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(SCANS - 1);
    expect(new Set(refused.map((r) => r.body.errors[0].message as string).map((m) => m.slice(0, 16)))).toEqual(
      new Set(['Already used at ']),
    );
  });

  test(`When a transfer and a scan race for each of ${RACES} e-tickets on different replicas, then exactly one of them wins each time`, async () => {
    const friend = await registeredUser(bus);
    await settled(bus, 'orders-user-created');
    const event = titledEvent();
    const orders = await Promise.all(
      Array.from({ length: RACES }, async () => {
        const buyer = await registeredUser(bus);
        return { buyer, order: await completedOrder(target(), buyer, { event }) };
      }),
    );

    const outcomes = await Promise.all(
      orders.map(async ({ buyer, order }, i) => {
        const [doorReplica, holderReplica] = i % 2 ? [replicas[0]!, replicas[1]!] : [replicas[1]!, replicas[0]!];
        const [entry, handOver] = await Promise.all([
          scan(doorReplica, event.id, order.eticket!.code),
          transfer(holderReplica, order.id, buyer, friend.email),
        ]);
        const stored = await api(doorReplica.url, 'GET', `/api/orders/${order.id}`, { cookie: friend.cookie });
        return { entry: entry.status, handOver: handOver.status, friendHolds: stored.status === 200 };
      }),
    );

    for (const outcome of outcomes) {
      // Exactly one of the two succeeded, the other was refused (409), and the order says which.
      expect([outcome.entry, outcome.handOver].sort()).toEqual([200, 409]);
      expect(outcome.friendHolds).toBe(outcome.handOver === 200);
    }
  });
});
