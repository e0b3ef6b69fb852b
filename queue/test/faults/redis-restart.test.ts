import { eventually, startTestRedis } from '@ticketing/testing';
import { useQueueService } from '../support/harness';
import { buyer, publishRoom, queueCall, roomEventData } from '../support/queue-fixtures';

const h = useQueueService();

const join = (eventId: string, who: { cookie: string }) => queueCall(h.url, 'POST', `/api/queue/${eventId}`, who);
const status = (eventId: string, who: { cookie: string }) => queueCall(h.url, 'GET', `/api/queue/${eventId}`, who);

describe('Redis restart', () => {
  test('When Redis restarts, then joining is 503 while it is down, and afterwards every place is where it was (append-only file)', async () => {
    // One admission a minute: nobody moves during the test, so any change of place would be a loss.
    const event = await publishRoom(h.bus, h.url, roomEventData(-1_000, { admitPerMinute: 1 }));
    const buyers = [buyer(), buyer(), buyer(), buyer()];
    for (const who of buyers) await join(event.id, who);
    const before = await Promise.all(buyers.map(async (who) => (await status(event.id, who)).body));

    const { port, dataDir } = h.redis;
    await h.redis.stop();
    const duringOutage = await join(event.id, buyer());
    h.redis = await startTestRedis({ port, dataDir });
    await eventually(async () => (await fetch(`${h.url}/readyz`)).status === 200, '/readyz 200 once Redis is back', {
      timeoutMs: 15_000,
    });

    expect(duringOutage.status).toBe(503);
    const after = await Promise.all(buyers.map(async (who) => (await status(event.id, who)).body));
    expect(after).toEqual(before);
    expect(before.map((b) => b.position)).toEqual([1, 2, 3, 4]);
    // The room's counters came back too: the next joiner is fifth.
    expect((await join(event.id, buyer())).body).toMatchObject({ status: 'waiting', position: 5, ahead: 4 });
  });
});
