// The baseline for bench/events-catalogue.js: a bare Express + mongoose app answering the same two reads as the
// tickets service's catalogue with the same filters and sorts, on the same engine and the same database, with none
// of our middleware (no request ids, logging, session, validation). Env: PORT, MONGO_URI.
const express = require('express');
const mongoose = require('mongoose');

const Event = mongoose.model('Event', new mongoose.Schema({}, { strict: false, collection: 'events' }));
const Ticket = mongoose.model('Ticket', new mongoose.Schema({}, { strict: false, collection: 'tickets' }));

const escape = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function main() {
  await mongoose.connect(process.env.MONGO_URI);
  const app = express();
  app.get('/api/events', async (req, res) => {
    const words = String(req.query.q ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
    const filter = {
      startsAt: { $gte: new Date() },
      ...(words.length > 0 && {
        searchWords: { $all: words.map((w) => ({ $elemMatch: { $regex: `^${escape(w)}` } })) },
      }),
    };
    const events = await Event.find(filter, { outbox: 0, listings: 0, searchWords: 0, key: 0 })
      .sort({ startsAt: 1, _id: 1 })
      .limit(21)
      .lean();
    res.json({ events: events.slice(0, 20) });
  });
  app.get('/api/events/:id/tickets', async (req, res) => {
    const tickets = await Ticket.find(
      { 'event.id': req.params.id, orderId: { $exists: false }, sold: { $ne: true }, withdrawn: { $ne: true } },
      { outbox: 0 },
    )
      .sort({ price: 1, _id: 1 })
      .limit(21)
      .lean();
    res.json({ tickets: tickets.slice(0, 20) });
  });
  app.get('/readyz', (_req, res) => res.json({ ok: true }));
  app.listen(Number(process.env.PORT));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
