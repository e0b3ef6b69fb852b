// Fault: the database engine frozen (SIGSTOP) for 150 s across an order's expiry: longer than any bounded redelivery
// budget (the old listener dropped an event after 20 deliveries, about 2.5 minutes). Expiration fires OrderExpired
// during the freeze; orders cannot store the cancel, so the event is redelivered for as long as it takes, and the
// backstop sweep would cancel the order even if the event were lost. Asserted after SIGCONT: within 30 s the order is
// cancelled, its ticket is available and can be ordered, and paying the expired order is refused.
import { eventually } from '@ticketing/testing';
import { ApiUser, type Order, type Ticket } from '../support/api';
import { startTestSystem, type TestSystem } from '../support/system';

const FREEZE_MS = 150_000;
const RECOVERY_MS = 30_000;
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ expirationWindowSeconds: 5 });
}, 180_000);
afterAll(() => system?.stop());

function engine(name: string): number {
  const part = system.system.parts.find((p) => p.name === name);
  if (!part) throw new Error(`no part ${name}`);
  return part.pid;
}

describe('fault: the database engine frozen for 150 s', () => {
  test(
    'When the engine is frozen across an order expiry, then after it resumes the order is cancelled, its ticket orderable and its payment refused within 30 s',
    async () => {
      const seller = await ApiUser.signedUp(system.url);
      const buyer = await ApiUser.signedUp(system.url);
      const ticket = (await seller.call<Ticket>('POST', '/api/tickets', { title: 'Frozen Concert', price: 30 })).body;
      const order = await eventually(async () => {
        const res = await buyer.call<Order>('POST', '/api/orders', { ticketId: ticket.id });
        return res.status === 201 ? res.body : undefined;
      }, 'order placed');

      const pid = engine('mongo');
      process.kill(pid, 'SIGSTOP');
      let resumedAt = 0;
      try {
        await new Promise((resolve) => setTimeout(resolve, FREEZE_MS));
      } finally {
        process.kill(pid, 'SIGCONT');
        resumedAt = Date.now();
      }

      const cancelled = await eventually(
        async () => (await buyer.call<Order>('GET', `/api/orders/${order.id}`)).body.status === 'cancelled',
        'order cancelled after the freeze',
        { timeoutMs: RECOVERY_MS, intervalMs: 250 },
      );
      const available = await eventually(
        async () => (await seller.call<Ticket>('GET', `/api/tickets/${ticket.id}`)).body.status === 'available',
        'ticket available after the freeze',
        { timeoutMs: RECOVERY_MS - (Date.now() - resumedAt), intervalMs: 250 },
      );
      const recoveredInMs = Date.now() - resumedAt;
      const payment = await buyer.call('POST', '/api/payments', { orderId: order.id, paymentMethod: 'pm_card_visa' });
      const next = await eventually(async () => {
        const res = await (
          await ApiUser.signedUp(system.url)
        ).call<Order>('POST', '/api/orders', { ticketId: ticket.id });
        return res.status === 201 ? res.body : undefined;
      }, 'ticket orderable again');

      process.stderr.write(
        `database freeze: ${FREEZE_MS / 1000} s frozen, recovered ${recoveredInMs} ms after SIGCONT\n`,
      );
      expect(cancelled && available).toBe(true);
      expect(recoveredInMs).toBeLessThan(RECOVERY_MS);
      expect(payment.status).toBe(409);
      expect(next.status).toBe('created');
    },
    FREEZE_MS + 3 * RECOVERY_MS,
  );
});
