// The baseline for bench/orders-and-tickets.js: a bare Express + mongoose `findById` on the same engine, with none
// of our middleware (no request ids, logging, session). Env: PORT, MONGO_URI.
const express = require('express');
const mongoose = require('mongoose');

const Ticket = mongoose.model('Ticket', new mongoose.Schema({ title: String, price: Number, userId: String }));

async function main() {
  await mongoose.connect(process.env.MONGO_URI);
  const app = express();
  app.get('/api/tickets/:id', async (req, res) => {
    const ticket = await Ticket.findById(req.params.id).lean();
    if (!ticket) return res.status(404).end();
    res.json({ id: String(ticket._id), title: ticket.title, price: ticket.price, userId: ticket.userId });
  });
  app.post('/seed', express.json(), async (req, res) => {
    const docs = await Ticket.insertMany(req.body.tickets);
    res.json(docs.map((d) => String(d._id)));
  });
  app.get('/readyz', (_req, res) => res.json({ ok: true }));
  app.listen(Number(process.env.PORT));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
