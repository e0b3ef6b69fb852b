// The baseline of bench/queue-join.js: bare Express 5 with a JSON body parser, answering the queue's join and live
// stream with one Redis call each and nothing else (no request ids, logs, security headers, session, JWT,
// deny-list, room script, live feed). Env: PORT, REDIS_URL.
const express = require('express');
const { Redis } = require('ioredis');

const redis = new Redis(process.env.REDIS_URL, { enableAutoPipelining: true });
const app = express();
app.use(express.json());
app.post('/api/queue/:eventId', async (req, res) => {
  await redis.get(`bare:${req.params.eventId}`);
  res.json({ status: 'prequeue', eventId: req.params.eventId, onSaleAt: new Date().toISOString() });
});
app.get('/api/queue/:eventId/stream', async (req, res) => {
  await redis.get(`bare:${req.params.eventId}`);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(`event: status\ndata: ${JSON.stringify({ status: 'prequeue', eventId: req.params.eventId })}\n\n`);
});
app.get('/readyz', (_req, res) => res.json({ status: 'ready' }));
app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
